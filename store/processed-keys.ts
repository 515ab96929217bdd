/**
 * Keys (ticket IDs, ...) a process has already handled, per scope: e.g. the closed tickets whose task
 * history went to T7, so no ticket is sent twice across runs.
 */
export interface ProcessedKeys {
  /** The subset of `keys` already recorded in `scope`. */
  processedAmong(scope: string, keys: string[]): Promise<string[]>;
  /** Records `keys` in `scope`; recording a key twice is harmless. */
  markProcessed(scope: string, keys: string[]): Promise<void>;
}
