import type { CustomerCache, CustomerCacheEntry } from '../../store/customer-cache';

const CACHE_TTL_MS = 30_000;

/** The Bruin owner of each edge, by serial: the customer cache, parsed at most every 30 s (one parse serves a cycle's batches). */
export type EdgeOwners = () => Promise<Map<string, CustomerCacheEntry>>;

export function edgeOwners(cache?: CustomerCache): EdgeOwners {
  let memo: { at: number; bySerial: Map<string, CustomerCacheEntry> } | undefined;
  return async () => {
    if (!cache) throw new Error('velocloud activities were built without the customer cache');
    if (!memo || Date.now() - memo.at > CACHE_TTL_MS) {
      const snapshot = await cache.customerCache('velocloud');
      memo = { at: Date.now(), bySerial: new Map((snapshot?.entries ?? []).map((e) => [e.serialNumber, e])) };
    }
    return memo.bySerial;
  };
}

/** (client, serial) pairs grouped per client, in first-seen order. */
export function serialsByClient(pairs: Array<[clientId: string, serialNumber: string]>) {
  const byClient = new Map<string, string[]>();
  for (const [clientId, serial] of pairs) byClient.set(clientId, [...(byClient.get(clientId) ?? []), serial]);
  return [...byClient].map(([clientId, serialNumbers]) => ({ clientId, serialNumbers }));
}
