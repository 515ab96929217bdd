/** One monitored device (a VeloCloud edge, a Hawkeye probe) crossed with its Bruin client. */
export interface CustomerCacheEntry {
  serialNumber: string;
  clientId: string;
  /** VeloCloud only: where the edge lives. */
  host?: string;
  enterpriseId?: number;
  edgeId?: number;
}

export interface CustomerCacheSnapshot {
  refreshedAt: string;
  entries: CustomerCacheEntry[];
}

/**
 * The customer cache: edges (per source: velocloud, hawkeye) crossed with Bruin clients. A refresh
 * stages batches under a generation and commits them in one transaction, so a failed refresh leaves
 * the last good cache in place.
 */
export interface CustomerCache {
  stageCustomerCache(source: string, generation: string, entries: CustomerCacheEntry[]): Promise<void>;
  /** Makes a staged generation the cache; returns how many entries it holds. */
  commitCustomerCache(source: string, generation: string, refreshedAt: string): Promise<number>;
  customerCache(source: string): Promise<CustomerCacheSnapshot | undefined>;
}

/** Joins staged chunks (JSON arrays) into one entry list. */
export const joinChunks = (chunks: Array<string | CustomerCacheEntry[]>): CustomerCacheEntry[] =>
  chunks.flatMap((c) => (typeof c === 'string' ? (JSON.parse(c) as CustomerCacheEntry[]) : c));

/** A refresh that found nothing must not wipe a cache that had edges: that is an outage of ours, not of theirs. */
export function refuseEmptyReplacement(source: string, staged: number, current: number): void {
  if (staged === 0 && current > 0) {
    throw new Error(
      `refusing to replace the ${source} customer cache of ${current} edges with an empty one; the last good cache stays`,
    );
  }
}
