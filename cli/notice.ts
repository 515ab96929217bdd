// `npm run notice -- ...`: sends an ops notice through the engine (payloads encrypted, like every client).
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { startOpsNotice } from './start-ops-notice';
import { NOTICE_USAGE, parseNoticeArgs } from './notice-args';
import { runCli } from './run';

runCli(
  NOTICE_USAGE,
  parseNoticeArgs,
  async (input, client) => {
    const handle = await startOpsNotice(client, input);
    console.log(`started ${handle.workflowId}; waiting for delivery ...`);
    const result = await handle.result();
    console.log(`${result.sent} sent, ${result.alreadySent} already sent earlier`);
  },
  (err) =>
    err instanceof WorkflowExecutionAlreadyStartedError
      ? `notice ${err.workflowId} was already sent (notice IDs are unique); use a new --id`
      : undefined,
);
