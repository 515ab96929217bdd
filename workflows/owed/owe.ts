import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { getExternalWorkflowHandle, ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import { owedWorkWorkflowId, type OwedSubject } from '../../domain/workflow-ids';
import { owedMarks } from '../activities';
import { oweSignal, type OwedItem, type OwedStep } from './api';
import { owedWork } from './owed-work';

/** Hand-over attempts when the subject's queue closes between the start refused and the signal. */
const HAND_OVER_ATTEMPTS = 5;

/**
 * Hands a side effect this workflow decided on, and could not deliver, to its subject's owed queue: the subject
 * is marked owed first (the next cycle then queues behind it), then the queue is started with the item, or, when
 * it runs already, given it. The queue outlives this workflow (abandoned child), so a cycle keeps its bounded time.
 * `what` names the decision within this workflow (the item's ID is `<workflow ID>/<what>`); `edge` is the device as
 * the Web UI's `EdgeIds` name it, when known.
 */
export async function owe(
  subject: OwedSubject,
  what: string,
  step: OwedStep,
  reason: string,
  edge?: string,
): Promise<void> {
  const decidedBy = workflowInfo().workflowId;
  const item: OwedItem = {
    id: `${decidedBy}/${what}`,
    step,
    decidedBy,
    owedSince: new Date(Date.now()).toISOString(),
    reason,
    ...(edge ? { edge } : {}),
  };
  const workflowId = owedWorkWorkflowId(subject);
  await owedMarks.markOwed({ subject, holder: workflowId, since: item.owedSince });
  for (let attempt = 1; ; attempt++) {
    try {
      await startChild(owedWork, {
        workflowId,
        args: [{ subject, items: [item] }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        staticSummary: `Owed side effects of ${subject}`,
      });
      return;
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    try {
      await getExternalWorkflowHandle(workflowId).signal(oweSignal, item);
      return;
    } catch (err) {
      // It finished between the refused start and the signal: start it again.
      if (attempt >= HAND_OVER_ATTEMPTS) throw err;
    }
  }
}
