import {
  ActivityFailure,
  ApplicationFailure,
  ChildWorkflowFailure,
  TimeoutFailure,
  WorkflowFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import type { Workflow, WorkflowResultType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const RETRY_STATES: Partial<Record<string, string>> = {
  NON_RETRYABLE_FAILURE: 'not retryable',
  MAXIMUM_ATTEMPTS_REACHED: 'retries exhausted',
  TIMEOUT: 'retry time budget spent',
};

/** The attempt of the last activity task that failed or timed out in a history, if any. */
function lastFailedAttempt(events: HistoryEvent[], activityId: string | undefined): number | undefined {
  const started = new Map(events.map((e) => [Number(e.eventId), e]));
  const scheduled = new Map(
    events
      .filter((e) => e.activityTaskScheduledEventAttributes)
      .map((e) => [Number(e.eventId), e.activityTaskScheduledEventAttributes!.activityId]),
  );
  for (const e of [...events].reverse()) {
    const ended = e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes;
    if (!ended) continue;
    if (activityId !== undefined && scheduled.get(Number(ended.scheduledEventId)) !== activityId) continue;
    const attempt = started.get(Number(ended.startedEventId))?.activityTaskStartedEventAttributes?.attempt;
    return attempt ?? undefined;
  }
  return undefined;
}

/**
 * Why a workflow failed, decoded, one line per cause: the activity (and its last attempt) or child
 * workflow that failed, then the error type and message. The engine's failure converter encrypts
 * messages into encoded attributes; a client with its data converter (every CLI of ours) decodes them.
 */
export function failureCauses(err: WorkflowFailedError, history: HistoryEvent[] = []): string[] {
  const lines: string[] = [];
  for (let cause: Error | undefined = err.cause; cause; cause = (cause as { cause?: Error }).cause) {
    if (cause instanceof ActivityFailure) {
      const attempt = lastFailedAttempt(history, cause.activityId);
      const state = RETRY_STATES[cause.retryState ?? ''] ?? 'failed';
      lines.push(`activity ${cause.activityType} (${attempt ? `attempt ${attempt}, ` : ''}${state})`);
    } else if (cause instanceof ChildWorkflowFailure) {
      lines.push(`child workflow ${cause.workflowType} ${cause.execution.workflowId ?? ''}`.trimEnd());
    } else if (cause instanceof TimeoutFailure) {
      lines.push(`timed out (${cause.timeoutType})`);
    } else if (cause instanceof ApplicationFailure) {
      lines.push(`${cause.type ?? 'Error'}: ${cause.message}`);
    } else {
      lines.push(`${cause.name}: ${cause.message}`);
    }
  }
  return lines;
}

/** `failureCauses` under a heading naming the workflow: what a CLI prints. */
export const describeWorkflowFailure = (workflowId: string, err: WorkflowFailedError, history: HistoryEvent[] = []) =>
  [`workflow ${workflowId} failed:`, ...failureCauses(err, history).map((l) => `  ${l}`)].join('\n');

/** A workflow's result, or an error whose message says why it failed (decoded, with the failing activity and attempt). */
export async function resultOrWhy<W extends Workflow>(handle: WorkflowHandle<W>): Promise<WorkflowResultType<W>> {
  try {
    return await handle.result();
  } catch (err) {
    if (!(err instanceof WorkflowFailedError)) throw err;
    const history = await handle.fetchHistory().catch(() => undefined);
    throw new Error(describeWorkflowFailure(handle.workflowId, err, history?.events ?? []));
  }
}
