import { BRUIN_CLOCK_SKEW_MS } from '../../domain/clock-skew';
import { deprecatePatch, setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { isOutageNote } from '../../domain/outage';
import { SearchAttr } from '../../domain/search-attributes';
import { bruin, notifier } from '../activities';

export type RecheckOutcome =
  | 'recovered'
  | 'ticket-created'
  | 'ticket-unresolved'
  | 'ticket-in-progress'
  | 'dry-run'
  /** Its ticket step is owed: the device's owed queue (`owedWork`) delivers it when the vendor answers. */
  | 'owed';
export type IntendedAction =
  | { action: 'create-ticket'; serviceNumber: string }
  | { action: 'unresolve-ticket'; ticketId: string }
  | { action: 'append-note'; ticketId: string | 'new' }
  | { action: 'slack'; ticketId: string | 'new' }
  | { action: 'reboot'; serial: string }
  /** Dry run: one message for an enterprise's new tickets (an outage storm), instead of their `slack` actions. */
  | { action: 'storm-alert'; enterprise: string; tickets: number }
  /** Dry run: a flapping edge's note, on its open ticket, once per episode (its ticket is held open). */
  | { action: 'flapping-note'; serviceNumber: string };

export interface RecheckResult {
  outcome: RecheckOutcome;
  ticketId?: string;
  /** What was done, or in dry-run mode what would have been done. */
  actions: IntendedAction[];
  /** The device, and why its ticket step is owed (outcome `owed`). */
  device?: string;
  reason?: string;
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
}

/**
 * Whether an in-progress ticket Bruin answered with is the one this recheck run opened and did not
 * finish: a create Bruin accepted just before the worker died is retried and answered "in progress
 * exists" with that ticket. It is ours when Bruin opened it after this run started and no other
 * run's outage note is on it (an earlier cycle's ticket carries that cycle's note; a person's ticket
 * is older than the run). Returns its notes when it is ours.
 */
async function ownUnfinishedTicket(
  ticketId: string,
  req: OutageTicketRequest,
): Promise<ReadonlyArray<{ noteValue: string | null }> | undefined> {
  const open = await bruin.openOutageTickets({ serviceNumber: req.serviceNumber });
  const createDate = open.find((t) => t.ticketId === ticketId)?.createDate;
  if (createDate === undefined || Date.parse(createDate) < workflowInfo().runStartTime.getTime() - BRUIN_CLOCK_SKEW_MS)
    return undefined;
  const notes = await bruin.ticketNotes({ ticketId });
  return notes.some((n) => isOutageNote(n.noteValue) && n.noteValue !== req.note) ? undefined : notes;
}

/**
 * Completes a ticket this run opened but did not finish: the outage note unless it is already there,
 * and the NOC's alert (the ledger sends it at most once). The Digi reboot is not repeated: it is not
 * idempotent, and the alert tells the NOC a new ticket needs a look.
 */
async function completeOwnTicket(
  ticketId: string,
  req: OutageTicketRequest,
  notes: ReadonlyArray<{ noteValue: string | null }>,
): Promise<RecheckResult> {
  const actions: IntendedAction[] = [{ action: 'create-ticket', serviceNumber: req.serviceNumber }];
  if (!notes.some((n) => n.noteValue === req.note)) await bruin.appendTicketNote({ ticketId, note: req.note });
  actions.push({ action: 'append-note', ticketId });
  await notifier.postSlackMessage({
    step: 'outage-ticket-created',
    businessId: ticketId,
    text: req.slackText(ticketId),
  });
  actions.push({ action: 'slack', ticketId });
  return finishRecheck({ outcome: 'ticket-created', ticketId, actions });
}

/**
 * The confirmed-outage step as Hawkeye rechecks before `hawkeye-ticket-step-once` took it, call by call: create
 * the outage ticket, or unresolve a resolved one, or leave an in-progress one alone; note it; tell the NOC about
 * new tickets. New runs take the one activity (`raiseOutageTicketOnce`) instead; this goes with
 * the marker (docs/development/patch-register.md).
 */
export async function raiseOutageTicket(req: OutageTicketRequest): Promise<RecheckResult> {
  const ticket = await bruin.createOutageTicket({ clientId: req.clientId, serviceNumber: req.serviceNumber });
  if (ticket.outcome === 'in-progress-exists') {
    deprecatePatch('outage-complete-own-ticket');
    const own = await ownUnfinishedTicket(ticket.ticketId, req);
    if (!own) return finishRecheck({ outcome: 'ticket-in-progress', ticketId: ticket.ticketId, actions: [] });
    return completeOwnTicket(ticket.ticketId, req, own);
  }

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
  }
  return finishRecheck({
    outcome: ticket.outcome === 'created' ? 'ticket-created' : 'ticket-unresolved',
    ticketId: ticket.ticketId,
    actions,
  });
}
