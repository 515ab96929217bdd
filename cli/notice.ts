// `npm run notice -- ...`: sends an ops notice through the engine (payloads encrypted, like every client).
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { startOpsNotice } from './start-ops-notice';
import { NOTICE_USAGE, parseNoticeArgs } from './notice-args';
import { runCli } from './run';
import { resultOrWhy } from './workflow-failure';

runCli(
  NOTICE_USAGE,
  parseNoticeArgs,
  async (input, client) => {
    const handle = await startOpsNotice(client, input);
    console.log(
      `started ${handle.workflowId}; waiting for delivery ... (a channel that is down keeps its delivery owed, tried ` +
        'every 2 minutes: Ctrl-C stops waiting, the engine goes on delivering)',
    );
    const result = await resultOrWhy(handle);
    console.log(`${result.sent} sent, ${result.alreadySent} already sent earlier`);
  },
  (err) =>
    err instanceof WorkflowExecutionAlreadyStartedError
      ? `notice ${err.workflowId.replace(/^ops-notice\//, '')} is running or was already delivered; notice IDs are used once: use a new --id (only a notice whose run failed can be sent again under its ID)`
      : undefined,
);
