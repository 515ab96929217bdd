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

/** An activity that failed past its retries: `permanent` when the vendor refused it (it would refuse again). */
export interface GaveUp {
  gaveUp: string;
  permanent: boolean;
}

/**
 * Runs `work`; an activity that failed for good becomes `GaveUp`, telling a refusal (non-retryable: an
 * unknown ticket, a rejected request) from a vendor that did not answer within the retries, whose side
 * effect is owed rather than dropped. Anything else (a workflow bug) is rethrown.
 */
export async function orGaveUp<T>(work: () => Promise<T>): Promise<T | GaveUp> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    return { gaveUp: activityFailureReason(err), permanent: isRefusal(err) };
  }
}

/** Whether a failed activity was refused by its vendor (non-retryable), rather than left unanswered. */
export const isRefusal = (err: ActivityFailure): boolean =>
  err.cause instanceof ApplicationFailure && err.cause.nonRetryable === true;

export const gaveUp = (r: unknown): r is GaveUp => typeof r === 'object' && r !== null && 'gaveUp' in r;
