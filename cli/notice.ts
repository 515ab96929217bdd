// `npm run notice -- ...`: sends an ops notice through the engine (payloads encrypted, like every client).
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { connectClient } from '../clients/temporal';
import { startOpsNotice } from '../clients/ops-notice';
import { loadConfigOrExit } from '../config';
import { NOTICE_USAGE, parseNoticeArgs } from './notice-args';
import { UsageError } from './schedule-commands';

async function main() {
  const input = parseNoticeArgs(process.argv.slice(2));
  const config = loadConfigOrExit();
  const client = await connectClient(config);
  try {
    const handle = await startOpsNotice(client, input);
    console.log(`started ${handle.workflowId}; waiting for delivery ...`);
    const result = await handle.result();
    console.log(`${result.sent} sent, ${result.alreadySent} already sent earlier`);
  } finally {
    await client.connection.close();
  }
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    console.error(`${err.message}\n\n${NOTICE_USAGE}`);
    process.exit(2);
  }
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    console.error(`notice ${err.workflowId} was already sent (notice IDs are unique); use a new --id`);
    process.exit(1);
  }
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
