// `npm run dispatch -- show|cancel <vendor> <dispatchNumber>`: look at or cancel one dispatch's timeline.
import { maskPhone } from '../domain/contact';
import { dispatchWorkflowId } from '../domain/workflow-ids';
import { cancelRequested, timelineQuery } from '../workflows/dispatch/api';
import { DISPATCH_USAGE, parseDispatchArgs } from './dispatch-args';
import { runCli } from './run';

runCli(DISPATCH_USAGE, parseDispatchArgs, async (cmd, client) => {
  const handle = client.workflow.getHandle(dispatchWorkflowId(cmd.vendor, cmd.dispatchNumber));
  if (cmd.command === 'cancel') {
    await handle.signal(cancelRequested, { reason: cmd.reason });
    console.log(`cancellation requested for ${handle.workflowId}; ${cmd.vendor.toUpperCase()} gets the email once`);
  } else {
    const timeline = await handle.query(timelineQuery);
    const { snapshot } = timeline;
    const masked = {
      ...snapshot,
      sitePhone: maskPhone(snapshot.sitePhone),
      ...(snapshot.techPhone ? { techPhone: maskPhone(snapshot.techPhone) } : {}),
    };
    console.log(JSON.stringify({ ...timeline, snapshot: masked }, null, 2));
  }
});
