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
 * Clears the owed marks that nothing will deliver or clear: their holder (a dispatch timeline, ops notice, report or
 * owed queue) was terminated while it owed, so what it owed will not be delivered (terminating it gave that up); or a
 * dispatch timeline runs but owes nothing, reset to before it owed with the mark of its earlier run left behind. The
 * cleared marks are named, with why, in the result and the worker's log; the owed gauges and `SideEffectsOwedTooLong`
 * stop counting them.
 */
export async function owedMarksCheck({
  graceMinutes = 10,
  limit = 500,
}: OwedMarksCheckInput = {}): Promise<OwedMarksCheck> {
  const result = await owedMarkChecks.clearMarksOfClosedHolders({ graceMinutes, limit });
  upsertSearchAttributes([{ key: SearchAttr.Outcome, value: result.cleared.length > 0 ? 'cleared' : 'clean' }]);
  setCurrentDetails(
    result.cleared.length > 0
      ? `Cleared ${result.cleared.length} of ${result.checked} owed marks, nothing left to deliver them: ` +
          result.cleared.map((m) => `${m.subject} (${m.holder}, ${m.holderStatus}, ${m.why})`).join('; ')
      : `${result.checked} owed marks, each held by a running workflow that owes or too recent to judge`,
  );
  return result;
}
// Seconds long: its next run may as well take a new build's code.
autoUpgrade(owedMarksCheck);
