import { setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { SearchAttr } from '../../domain/search-attributes';
import { appStore } from '../activities';
import { autoUpgrade } from '../versioning';

export interface StoreRetentionInput {
  /** APP_STORE_RETENTION_DAYS: what was last written longer ago than this is forgotten. */
  retentionDays: number;
  /** Rows per table per activity: each call holds the store's write lock only that long. */
  chunk?: number;
  /** Calls per run; a backlog larger than that (a store that never had a retention run) is left for the next run. */
  maxChunks?: number;
}

export interface StoreRetentionResult {
  /** Rows last written before this instant were forgotten. */
  before: string;
  notifications: number;
  processedKeys: number;
  /** Whether nothing older is left; false when the run stopped at `maxChunks`. */
  caughtUp: boolean;
}

const DAY_MS = 86_400_000;

/**
 * The app store's retention: notification ledger entries and processed keys older than the retention are deleted,
 * a chunk at a time, so the store does not grow for as long as the engine runs. The cutoff is the run's start less
 * the retention, the same for every chunk and on replay.
 */
export async function storeRetention({
  retentionDays,
  chunk = 5_000,
  maxChunks = 200,
}: StoreRetentionInput): Promise<StoreRetentionResult> {
  const before = new Date(workflowInfo().runStartTime.getTime() - retentionDays * DAY_MS).toISOString();
  const result: StoreRetentionResult = { before, notifications: 0, processedKeys: 0, caughtUp: false };
  for (let calls = 0; calls < maxChunks && !result.caughtUp; calls++) {
    const forgotten = await appStore.forgetExpired({ before, limit: chunk });
    result.notifications += forgotten.notifications;
    result.processedKeys += forgotten.processedKeys;
    result.caughtUp = forgotten.notifications < chunk && forgotten.processedKeys < chunk;
    setCurrentDetails(
      `Forgetting what was last written before ${before}: ${result.notifications} ledger entries and ` +
        `${result.processedKeys} processed keys so far`,
    );
  }
  setCurrentDetails(
    `Forgot ${result.notifications} ledger entries and ${result.processedKeys} processed keys last written before ` +
      `${before}${result.caughtUp ? '' : '; more is left for the next run'}`,
  );
  upsertSearchAttributes([{ key: SearchAttr.Outcome, value: result.caughtUp ? 'caught-up' : 'backlog-left' }]);
  return result;
}
// Seconds long, and its next run may as well take a new build's code.
autoUpgrade(storeRetention);
