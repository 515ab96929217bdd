/** How many rows one `forgetBefore` call deleted, per table. */
export interface Forgotten {
  notifications: number;
  processedKeys: number;
}

/**
 * What the app store keeps only while a process may still ask for it: the notification ledger (asked by a retried or
 * reset send, and by a report re-run of its period) and the processed keys (asked by the next TNBA feedback run).
 * Everything else it holds is bounded already (replaced per refresh, per cycle or per device) or is history the
 * operators keep (DevOps events, maintenance windows).
 */
export interface StoreRetention {
  /** Deletes at most `limit` ledger entries and at most `limit` processed keys last written before `before`. */
  forgetBefore(before: Date, limit: number): Promise<Forgotten>;
}
