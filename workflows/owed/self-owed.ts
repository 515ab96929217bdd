import { workflowInfo } from '@temporalio/workflow';
import { owedMarks } from '../activities';

/**
 * A workflow that waits out its own owed side effects (no `owedWork` queue: a dispatch timeline, an ops notice) marks
 * itself owed, subject and holder its workflow ID, so the owed gauges and `SideEffectsOwedTooLong` see it.
 */
export async function markSelfOwed(): Promise<void> {
  const { workflowId } = workflowInfo();
  await owedMarks.markOwed({ subject: workflowId, holder: workflowId, since: new Date(Date.now()).toISOString() });
}

/** Clears the mark of `markSelfOwed`: nothing is owed any more. */
export async function clearSelfOwed(): Promise<void> {
  const { workflowId } = workflowInfo();
  await owedMarks.clearOwed({ subject: workflowId, holder: workflowId });
}
