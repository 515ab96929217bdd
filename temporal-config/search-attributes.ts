import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SearchAttr } from '../domain/search-attributes';

const UNIMPLEMENTED = 12; // gRPC status

/**
 * Registers the engine's search attributes on a server that lacks them (the dev server gets them
 * from `--search-attribute`; other servers from `npm run setup:search-attributes`). Idempotent.
 */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const known = new Set<string>();
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    for (const name of Object.keys(existing.customAttributes ?? {})) known.add(name);
  } catch (err) {
    // The Java time-skipping test server implements AddSearchAttributes but not List.
    if ((err as { code?: number }).code !== UNIMPLEMENTED) throw err;
  }
  const missing = Object.values(SearchAttr).filter((k) => !known.has(k.name));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      missing.map((k) => [k.name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
    ),
  });
  return missing.map((k) => k.name);
}
