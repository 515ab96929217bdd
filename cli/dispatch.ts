// `npm run dispatch -- show|cancel <vendor> <dispatchNumber>`: look at or cancel one dispatch's timeline.
import { connectClient } from '../clients/temporal';
import { loadConfigOrExit } from '../config';
import { maskPhone } from '../domain/contact';
import { dispatchWorkflowId } from '../domain/workflow-ids';
import { cancelRequested, timelineQuery } from '../workflows/dispatch/dispatch-timeline';
import { DISPATCH_USAGE, parseDispatchArgs } from './dispatch-args';
import { UsageError } from './schedule-commands';

async function main() {
  const cmd = parseDispatchArgs(process.argv.slice(2));
  const config = loadConfigOrExit();
  const client = await connectClient(config);
  try {
    const handle = client.workflow.getHandle(dispatchWorkflowId(cmd.vendor, cmd.dispatchNumber));
    if (cmd.command === 'cancel') {
      await handle.signal(cancelRequested, { reason: cmd.reason });
      console.log(`cancellation requested for ${handle.workflowId}; ${cmd.vendor.toUpperCase()} gets the email once`);
    } else {
      const timeline = await handle.query(timelineQuery);
      console.log(JSON.stringify({ ...timeline, snapshot: { ...timeline.snapshot, sitePhone: maskPhone(timeline.snapshot.sitePhone) } }, null, 2));
    }
  } finally {
    await client.connection.close();
  }
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    console.error(`${err.message}\n\n${DISPATCH_USAGE}`);
    process.exit(2);
  }
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
