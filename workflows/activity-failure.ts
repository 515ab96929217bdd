import { ApplicationFailure, type ActivityFailure } from '@temporalio/workflow';

/** Why an activity failed, as a per-ticket result shows it: the vendor error type and message. */
export function activityFailureReason(err: ActivityFailure): string {
  return err.cause instanceof ApplicationFailure ? `${err.cause.type ?? 'Error'}: ${err.cause.message}` : (err.cause?.message ?? err.message);
}
