import { isOutageNote } from '../../domain/outage';
import type { CreateOutageTicketResult, OutageTicket, TicketNote } from './types';

/** What the ticket step did for one device still down. */
export interface OutageTicketStepResult {
  outcome: 'ticket-created' | 'ticket-unresolved' | 'ticket-in-progress';
  ticketId: string;
}

/** The Bruin calls the ticket step is made of (the real client's, or a test's in-memory Bruin). */
export interface OutageTicketCalls {
  create(args: { clientId: string; serviceNumber: string }): Promise<CreateOutageTicketResult>;
  openTickets(args: { serviceNumber: string }): Promise<OutageTicket[]>;
  notes(args: { ticketId: string }): Promise<TicketNote[]>;
  appendNote(args: { ticketId: string; note: string }): Promise<unknown>;
  unresolve(args: { ticketId: string; serviceNumber: string }): Promise<void>;
}

// Bruin's clock and ours may disagree this much about when a ticket was opened.
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * A confirmed outage's ticket in one activity: create it and note it; or note a resolved one and reopen it;
 * or leave someone's in-progress ticket alone. Safe to retry from any point: the note (unique to the recheck
 * run, it carries the run's start) is written before the reopen, and a retry answered "in progress" finds
 * its own ticket by that note, or by a create date after `since` with no other run's outage note on it (the
 * create was accepted just before a worker died).
 */
export async function outageTicketStep(
  bruin: OutageTicketCalls,
  req: { clientId: string; serviceNumber: string; note: string; since: string },
): Promise<OutageTicketStepResult> {
  const noteOnce = async (ticketId: string, notes?: TicketNote[]) => {
    if (!(notes ?? (await bruin.notes({ ticketId }))).some((n) => n.noteValue === req.note))
      await bruin.appendNote({ ticketId, note: req.note });
  };
  const ticket = await bruin.create({ clientId: req.clientId, serviceNumber: req.serviceNumber });
  const { ticketId } = ticket;
  switch (ticket.outcome) {
    case 'created':
      await noteOnce(ticketId, []);
      return { outcome: 'ticket-created', ticketId };
    case 'resolved-exists':
      await noteOnce(ticketId);
      await bruin.unresolve({ ticketId, serviceNumber: req.serviceNumber });
      return { outcome: 'ticket-unresolved', ticketId };
    case 'in-progress-exists': {
      const notes = await bruin.notes({ ticketId });
      const open = await bruin.openTickets({ serviceNumber: req.serviceNumber });
      const createDate = open.find((t) => t.ticketId === ticketId)?.createDate;
      const openedByUs = createDate !== undefined && Date.parse(createDate) >= Date.parse(req.since) - CLOCK_SKEW_MS;
      // Our note on it: an earlier attempt of this step did the work (created it, or reopened it).
      if (notes.some((n) => n.noteValue === req.note))
        return { outcome: openedByUs ? 'ticket-created' : 'ticket-unresolved', ticketId };
      if (openedByUs && !notes.some((n) => isOutageNote(n.noteValue))) {
        await noteOnce(ticketId, notes);
        return { outcome: 'ticket-created', ticketId };
      }
      return { outcome: 'ticket-in-progress', ticketId };
    }
  }
}
