/** One monitored device crossed with its Bruin client. */
export interface CustomerCacheEntry {
  host: string;
  enterpriseId: number;
  edgeId: number;
  serialNumber: string;
  clientId: string;
  clientName: string;
}

export interface CustomerCacheSnapshot { refreshedAt: string; entries: CustomerCacheEntry[] }

/**
 * The customer cache: edges (by source) crossed with Bruin clients. Replaced whole and atomically,
 * so a failed refresh leaves the last good cache in place.
 */
export interface CustomerCache {
  replaceCustomerCache(source: string, entries: CustomerCacheEntry[], refreshedAt: string): Promise<void>;
  customerCache(source: string): Promise<CustomerCacheSnapshot | undefined>;
}
