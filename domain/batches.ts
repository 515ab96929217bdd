/** Splits a list into consecutive batches of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`batch size must be a positive integer, got ${size}`);
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

/**
 * Maps with at most `limit` calls in flight, results in input order. Deterministic in workflow code:
 * it only awaits the promises it is given.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(Math.max(1, limit), items.length) }, async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i], i);
  });
  await Promise.all(lanes);
  return results;
}

/** Offsets of the pages of `size` over `total` items (0, size, 2·size, ...). */
export const pageOffsets = (total: number, size: number): number[] =>
  Array.from({ length: Math.ceil(total / size) }, (_, i) => i * size);

/** One entry per client with all its serials, however many times the client was listed (one per page, say). */
export function mergeClientSerials(
  clients: ReadonlyArray<{ clientId: string; serialNumbers: readonly string[] }>,
): Array<{ clientId: string; serialNumbers: string[] }> {
  const serials = new Map<string, Set<string>>();
  for (const c of clients) serials.set(c.clientId, new Set([...(serials.get(c.clientId) ?? []), ...c.serialNumbers]));
  return [...serials].map(([clientId, s]) => ({ clientId, serialNumbers: [...s] }));
}
