import type { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { SearchAttr } from '../domain/search-attributes';

const UNIMPLEMENTED = 12; // gRPC statuses
const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;

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
      missing.map((k) => [
        k.name,
        k.type === SearchAttributeType.KEYWORD_LIST
          ? temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST
          : temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      ]),
    ),
  });
  return missing.map((k) => k.name);
}

/**
 * Creates the namespace on a new cluster (only `temporal-system` exists at first), 3 days' retention.
 * Resolves once the namespace is served; right after registering it throws, and the caller retries until
 * the frontend's namespace cache has it.
 */
export async function ensureNamespace(connection: Connection, namespace: string): Promise<void> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
  } catch (err) {
    if ((err as { code?: number }).code !== NOT_FOUND) throw err;
    await connection.workflowService
      .registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs('3 days'),
        description: 'the automation engine',
      })
      .catch((e: { code?: number }) => {
        // Registered meanwhile (a concurrent start): fine.
        if (e.code !== ALREADY_EXISTS) throw e;
      });
    throw new Error(`namespace ${namespace} registered; waiting for it to be served`);
  }
}
