import type { VendorHttp } from '../vendor-http';
import { createBruinInventoryActivities } from './inventory';
import { createBruinNoteActivities } from './notes';
import { outageTicketStep, type OutageTicketStepResult } from './outage-ticket-step';
import { createBruinTicketActivities } from './tickets';

export type * from './types';
export type { OutageTicketStepResult } from './outage-ticket-step';

/** Bruin activity factory over a Bruin HTTP client (`bruin` queue): inventory, outage tickets, notes. */
export function createBruinActivities(http: VendorHttp) {
  const tickets = createBruinTicketActivities(http);
  const notes = createBruinNoteActivities(http);
  return {
    ...createBruinInventoryActivities(http),
    ...tickets,
    ...notes,

    /**
     * A confirmed outage's ticket step (create and note, or note and reopen, or leave an in-progress one),
     * as one activity instead of a chain of three: see `outageTicketStep`.
     */
    async raiseOutageTicketOnce(req: {
      clientId: string;
      serviceNumber: string;
      note: string;
      /** When the recheck run started (ISO): a ticket opened since then with no other run's note is its own. */
      since: string;
    }): Promise<OutageTicketStepResult> {
      return outageTicketStep(
        {
          create: (a) => tickets.createOutageTicket(a),
          openTickets: (a) => tickets.openOutageTickets(a),
          notes: (a) => notes.ticketNotes(a),
          appendNote: (a) => notes.appendTicketNote(a),
          unresolve: (a) => tickets.unresolveOutageTicket(a),
        },
        req,
      );
    },
  };
}
export type BruinActivities = ReturnType<typeof createBruinActivities>;
