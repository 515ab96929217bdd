import { createDispatchBruinSteps } from '../processes/dispatch';
import { createEscalationSteps } from '../processes/escalation';
import { createOutageBruinSteps } from '../processes/outage';
import { createTriageSteps } from '../processes/triage';
import type { VendorHttp } from '../vendor-http';
import { createBruinInventoryActivities } from './inventory';
import { createBruinNoteActivities } from './notes';
import { createBruinTicketActivities } from './tickets';

export type * from './types';

/**
 * What the `bruin` pool runs: Bruin's one-call activities (inventory, tickets, notes) and the process
 * steps that combine them (activities/processes/): the outage ticket, triage's plans, the dispatch note.
 */
export function createBruinActivities(http: VendorHttp) {
  const tickets = createBruinTicketActivities(http);
  const notes = createBruinNoteActivities(http);
  return {
    ...createBruinInventoryActivities(http),
    ...tickets,
    ...notes,
    ...createOutageBruinSteps(tickets, notes),
    ...createTriageSteps(notes),
    ...createDispatchBruinSteps(notes),
    ...createEscalationSteps(notes),
  };
}
export type BruinActivities = ReturnType<typeof createBruinActivities>;
