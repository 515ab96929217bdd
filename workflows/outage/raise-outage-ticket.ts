import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { SearchAttr } from '../../domain/search-attributes';
import { bruin, digi, notifier } from '../activities';

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

/** Records a recheck's outcome where ops look: search attributes and current details. */
export function finishRecheck(result: RecheckResult): RecheckResult {
  upsertSearchAttributes([
    { key: SearchAttr.Outcome, value: result.outcome },
    ...(result.ticketId ? [{ key: SearchAttr.TicketId, value: result.ticketId }] : []),
  ]);
  setCurrentDetails(`Outcome: ${result.outcome}${result.ticketId ? `, ticket ${result.ticketId}` : ''}`);
  return result;
}

export interface OutageTicketRequest {
  clientId: string;
  serviceNumber: string;
  note: string;
  /** The NOC's Slack line for a new ticket. */
  slackText: (ticketId: string) => string;
  dryRun: boolean;
  /** Digi modem to reboot when the ticket is new. */
  rebootSerial?: string;
}

/**
 * The confirmed-outage step both rechecks share: create the outage ticket, or unresolve a resolved
 * one, or leave an in-progress one alone; note it; tell the NOC about new tickets; optionally reboot.
 */
export async function raiseOutageTicket(req: OutageTicketRequest): Promise<RecheckResult> {
  if (req.dryRun) {
    return finishRecheck({
      outcome: 'dry-run',
      actions: [
        { action: 'create-ticket', serviceNumber: req.serviceNumber },
        { action: 'append-note', ticketId: 'new' },
        { action: 'slack', ticketId: 'new' },
        ...(req.rebootSerial ? [{ action: 'reboot' as const, serial: req.rebootSerial }] : []),
      ],
    });
  }
  const ticket = await bruin.createOutageTicket({ clientId: req.clientId, serviceNumber: req.serviceNumber });
  if (ticket.outcome === 'in-progress-exists')
    return finishRecheck({ outcome: 'ticket-in-progress', ticketId: ticket.ticketId, actions: [] });

  const actions: IntendedAction[] = [];
  if (ticket.outcome === 'resolved-exists') {
    await bruin.unresolveOutageTicket({ ticketId: ticket.ticketId, serviceNumber: req.serviceNumber });
    actions.push({ action: 'unresolve-ticket', ticketId: ticket.ticketId });
  } else {
    actions.push({ action: 'create-ticket', serviceNumber: req.serviceNumber });
  }
  await bruin.appendTicketNote({ ticketId: ticket.ticketId, note: req.note });
  actions.push({ action: 'append-note', ticketId: ticket.ticketId });

  if (ticket.outcome === 'created') {
    await notifier.postSlackMessage({
      step: 'outage-ticket-created',
      businessId: ticket.ticketId,
      text: req.slackText(ticket.ticketId),
    });
    actions.push({ action: 'slack', ticketId: ticket.ticketId });
    if (req.rebootSerial) {
      await digi.rebootDevice({ serial: req.rebootSerial });
      actions.push({ action: 'reboot', serial: req.rebootSerial });
    }
  }
  return finishRecheck({
    outcome: ticket.outcome === 'created' ? 'ticket-created' : 'ticket-unresolved',
    ticketId: ticket.ticketId,
    actions,
  });
}
