import type { Client, WorkflowHandle } from '@temporalio/client';
import { noticeSummary, type OpsNoticeInput } from '../domain/ops-notice';
import { ORCHESTRATION_QUEUE } from '../domain/task-queues';
import { opsNoticeWorkflowId } from '../domain/workflow-ids';
import type { opsNotice } from '../workflows/ops-notice/ops-notice';

/**
 * Starts an ops notice under its business ID, with the summary ops see in the Web UI. A notice ID is
 * used once: a second start is refused while it runs and after it was delivered (its deliveries are in
 * the ledger under that ID, so new text would silently not go out); after a run that failed (a bad
 * recipient, a vendor down for too long), the same ID may be sent again and only what did not go out
 * is sent.
 */
export function startOpsNotice(client: Client, input: OpsNoticeInput): Promise<WorkflowHandle<typeof opsNotice>> {
  // By name: the CLI loads no workflow code (the type checks the name and the arguments).
  return client.workflow.start<typeof opsNotice>('opsNotice', {
    taskQueue: ORCHESTRATION_QUEUE,
    workflowId: opsNoticeWorkflowId(input.noticeId),
    workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    staticSummary: noticeSummary(input),
    args: [input],
  });
}
