import type { Client, WorkflowHandle } from '@temporalio/client';
import { noticeSummary, type OpsNoticeInput } from '../domain/ops-notice';
import { ORCHESTRATION_QUEUE } from '../domain/task-queues';
import { opsNoticeWorkflowId } from '../domain/workflow-ids';
import { opsNotice } from '../workflows/ops-notice/ops-notice';

/** Starts an ops notice under its business ID, with the summary ops see in the Web UI. */
export function startOpsNotice(client: Client, input: OpsNoticeInput): Promise<WorkflowHandle<typeof opsNotice>> {
  return client.workflow.start(opsNotice, {
    taskQueue: ORCHESTRATION_QUEUE,
    workflowId: opsNoticeWorkflowId(input.noticeId),
    staticSummary: noticeSummary(input),
    args: [input],
  });
}
