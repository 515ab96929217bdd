import type { Duration } from '@temporalio/common';
import { setCurrentDetails, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { bruin, digi, notifier, velocloud, velocloudOptions } from './activities';
import { classifyEdge, outageNote, type EdgeStatus } from '../../domain/outage';
import { SearchAttr } from '../../domain/search-attributes';

export interface EdgeOutageRecheckInput {
  host: string;
  enterpriseId: number;
  edgeId: number;
  serialNumber: string;
  clientId: string;
  /** How long to wait before the second look (the seeds' 5 seconds). */
  recheckDelay?: Duration;
  /** Compute and return the intended actions without changing anything. */
  dryRun?: boolean;
  /** Reboot the Digi modem in front of the edge when a new ticket is created. */
  rebootDigi?: boolean;
}

export type RecheckOutcome = 'recovered' | 'ticket-created' | 'ticket-unresolved' | 'ticket-in-progress' | 'dry-run';
export type IntendedAction =
  | { action: 'create-ticket'; serviceNumber: string }
  | { action: 'unresolve-ticket'; ticketId: string }
  | { action: 'append-note'; ticketId: string | 'new' }
  | { action: 'slack'; ticketId: string | 'new' }
  | { action: 'reboot'; serial: string };

export interface RecheckResult {
  outcome: RecheckOutcome;
  ticketId?: string;
  /** What was done, or in dry-run mode what would have been done. */
  actions: IntendedAction[];
}

function finish(result: RecheckResult): RecheckResult {
  upsertSearchAttributes([
    { key: SearchAttr.Outcome, value: result.outcome },
    ...(result.ticketId ? [{ key: SearchAttr.TicketId, value: result.ticketId }] : []),
  ]);
  setCurrentDetails(`Outcome: ${result.outcome}${result.ticketId ? `, ticket ${result.ticketId}` : ''}`);
  return result;
}

/**
 * The edge outage recheck: wait, look again, and only then touch Bruin — create the outage ticket,
 * unresolve a resolved one, or leave an in-progress one alone; note the edge and link details on the
 * ticket, tell the NOC on Slack about new tickets, and optionally reboot the Digi modem.
 */
export async function edgeOutageRecheck(input: EdgeOutageRecheckInput): Promise<RecheckResult> {
  setCurrentDetails(`Edge ${input.host}/${input.edgeId} looked down; rechecking in ${String(input.recheckDelay ?? '5s')}`);
  await sleep(input.recheckDelay ?? '5s');

  const reading = await velocloud.edgeStatus.executeWithOptions(
    { ...velocloudOptions, summary: `Recheck edge ${input.edgeId}` },
    [{ host: input.host, enterpriseId: input.enterpriseId, edgeId: input.edgeId }],
  );
  const health = classifyEdge(reading);
  if (!health.outage) return finish({ outcome: 'recovered', actions: [] });

  const edge: EdgeStatus = { ...input, ...reading };
  const note = outageNote(edge, health, new Date(workflowInfo().runStartTime).toISOString());
  if (input.dryRun) {
    return finish({ outcome: 'dry-run', actions: [
      { action: 'create-ticket', serviceNumber: input.serialNumber },
      { action: 'append-note', ticketId: 'new' },
      { action: 'slack', ticketId: 'new' },
      ...(input.rebootDigi ? [{ action: 'reboot' as const, serial: input.serialNumber }] : []),
    ] });
  }

  const ticket = await bruin.createOutageTicket({ clientId: input.clientId, serviceNumber: input.serialNumber });
  if (ticket.outcome === 'in-progress-exists') return finish({ outcome: 'ticket-in-progress', ticketId: ticket.ticketId, actions: [] });

  const actions: IntendedAction[] = [];
  if (ticket.outcome === 'resolved-exists') {
    await bruin.unresolveOutageTicket({ ticketId: ticket.ticketId, serviceNumber: input.serialNumber });
    actions.push({ action: 'unresolve-ticket', ticketId: ticket.ticketId });
  } else {
    actions.push({ action: 'create-ticket', serviceNumber: input.serialNumber });
  }
  await bruin.appendTicketNote({ ticketId: ticket.ticketId, note });
  actions.push({ action: 'append-note', ticketId: ticket.ticketId });

  if (ticket.outcome === 'created') {
    await notifier.postSlackMessage({
      step: 'outage-ticket-created', businessId: ticket.ticketId,
      text: `Outage ticket ${ticket.ticketId} created for edge ${edge.name} (${input.host}, edge ${input.edgeId}): ${health.reason}`,
    });
    actions.push({ action: 'slack', ticketId: ticket.ticketId });
    if (input.rebootDigi) {
      await digi.rebootDevice({ serial: input.serialNumber });
      actions.push({ action: 'reboot', serial: input.serialNumber });
    }
  }
  return finish({ outcome: ticket.outcome === 'created' ? 'ticket-created' : 'ticket-unresolved', ticketId: ticket.ticketId, actions });
}
