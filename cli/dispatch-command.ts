import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { maskPhone } from '../domain/contact';
import { dispatchWorkflowId } from '../domain/workflow-ids';
import { cancelRequested, timelineQuery } from '../workflows/dispatch/api';
import { UsageError } from './usage-error';

export const DISPATCH_USAGE = `usage: npm run dispatch -- show <lit|cts> <dispatchNumber>
       npm run dispatch -- cancel <lit|cts> <dispatchNumber> --reason "<why>"
  show:   the dispatch timeline (phase, reminders, what was sent); phones are masked.
  cancel: asks the vendor by email to cancel (once); the vendor's cancelled status then ends the timeline.`;

export type DispatchCommand =
  | { command: 'show'; vendor: 'lit' | 'cts'; dispatchNumber: string }
  | { command: 'cancel'; vendor: 'lit' | 'cts'; dispatchNumber: string; reason: string };

export function parseDispatchArgs(argv: string[]): DispatchCommand {
  const [command, vendor, dispatchNumber, ...rest] = argv;
  if (command !== 'show' && command !== 'cancel') throw new UsageError(`unknown command "${command ?? ''}"`);
  if (vendor !== 'lit' && vendor !== 'cts') throw new UsageError(`vendor must be lit or cts, got "${vendor ?? ''}"`);
  if (!dispatchNumber) throw new UsageError('give the dispatch number');
  if (command === 'show') {
    if (rest.length > 0) throw new UsageError(`unexpected ${rest.join(' ')}`);
    return { command, vendor, dispatchNumber };
  }
  if (rest[0] !== '--reason' || !rest[1]?.trim() || rest.length > 2)
    throw new UsageError('cancel needs --reason "<why>"');
  return { command, vendor, dispatchNumber, reason: rest[1].trim() };
}

/** Runs one dispatch command against its timeline; returns what to print. */
export async function runDispatchCommand(client: Client, cmd: DispatchCommand): Promise<string> {
  try {
    return await onTimeline(client, cmd);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    const id = dispatchWorkflowId(cmd.vendor, cmd.dispatchNumber);
    // The server's words ("workflow not found for ID") say neither why nor what to do.
    throw new Error(
      /already completed/i.test(err.message)
        ? `${id} has ended: there is nothing left to cancel`
        : `no dispatch timeline ${id}: the ${cmd.vendor.toUpperCase()} dispatch monitor starts one once it sees the ` +
            'dispatch (or it ended longer ago than the namespace keeps history)',
    );
  }
}

async function onTimeline(client: Client, cmd: DispatchCommand): Promise<string> {
  const handle = client.workflow.getHandle(dispatchWorkflowId(cmd.vendor, cmd.dispatchNumber));
  if (cmd.command === 'cancel') {
    await handle.signal(cancelRequested, { reason: cmd.reason });
    return `cancellation requested for ${handle.workflowId}; ${cmd.vendor.toUpperCase()} gets the email once`;
  }
  const timeline = await handle.query(timelineQuery);
  const { snapshot } = timeline;
  const masked = {
    ...snapshot,
    sitePhone: maskPhone(snapshot.sitePhone),
    ...(snapshot.techPhone ? { techPhone: maskPhone(snapshot.techPhone) } : {}),
  };
  return JSON.stringify(
    {
      ...timeline,
      ...(timeline.toldSitePhone ? { toldSitePhone: maskPhone(timeline.toldSitePhone) } : {}),
      snapshot: masked,
    },
    null,
    2,
  );
}
