import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';

/** Why an activity failed, as a per-item result shows it: the vendor error type and message. */
export function activityFailureReason(err: ActivityFailure): string {
  return err.cause instanceof ApplicationFailure
    ? `${err.cause.type ?? 'Error'}: ${err.cause.message}`
    : (err.cause?.message ?? err.message);
}

/**
 * Runs `work`; an activity that failed for good becomes `onFailure(reason)`, so the failure stays
 * with its item (ticket, dispatch) and the run goes on. Anything else (a workflow bug) is rethrown.
 */
export async function orActivityFailure<T, F>(
  work: () => Promise<T>,
  onFailure: (reason: string) => F,
): Promise<T | F> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    return onFailure(activityFailureReason(err));
  }
}
