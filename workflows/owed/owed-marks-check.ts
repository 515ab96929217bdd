import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { OwedMarksCheck } from '../../activities/app-store/owed-marks';
import { SearchAttr } from '../../domain/search-attributes';
import { owedMarkChecks } from '../activities';
import { autoUpgrade } from '../versioning';

export interface OwedMarksCheckInput {
  /** A mark younger than this is left alone: its queue may be starting. */
  graceMinutes?: number;
  /** Marks looked at per run, the oldest first (there are few: only what a vendor has not taken). */
  limit?: number;
}

/**
 * Clears the owed marks that no running workflow holds: a dispatch timeline, ops notice, report or owed queue
 * terminated while it owed. What it owed will not be delivered (terminating it gave that up); the cleared marks are
 * named in the result and the worker's log, and the owed gauges and `SideEffectsOwedTooLong` stop counting them.
 */
export async function owedMarksCheck({
  graceMinutes = 10,
  limit = 500,
}: OwedMarksCheckInput = {}): Promise<OwedMarksCheck> {
  const result = await owedMarkChecks.clearMarksOfClosedHolders({ graceMinutes, limit });
  upsertSearchAttributes([{ key: SearchAttr.Outcome, value: result.cleared.length > 0 ? 'cleared' : 'clean' }]);
  setCurrentDetails(
    result.cleared.length > 0
      ? `Cleared ${result.cleared.length} of ${result.checked} owed marks, their holders not running: ` +
          result.cleared.map((m) => `${m.subject} (${m.holder}, ${m.holderStatus})`).join('; ')
      : `${result.checked} owed marks, each held by a running workflow or too recent to judge`,
  );
  return result;
}
// Seconds long: its next run may as well take a new build's code.
autoUpgrade(owedMarksCheck);
