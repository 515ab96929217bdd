import { patched } from '@temporalio/workflow';
import { DEFAULT_TRIAGE_RULES, planTriage, triageNotes, type TriageEdge, type TriagePlan } from '../../domain/triage';
import { bruin, velocloud } from '../activities';
import { orActivityFailure } from '../activity-failure';

export interface TriageTicket {
  ticketId: string;
  clientId: string;
  serviceNumber: string;
}

export type TicketTriage =
  | { ticketId: string; outcome: 'first-triage' | 'updated'; events: number; since: string; notes: string[] }
  | { ticketId: string; outcome: 'skipped-recent'; lastTriageAt: string }
  | { ticketId: string; outcome: 'no-new-events'; since: string }
  | { ticketId: string; outcome: 'failed'; reason: string };

/**
 * Triage of one open outage ticket: decide the interval from its notes (read here, or for the whole
 * page beforehand: `planned`), read the edge's events in it and write them as triage notes (or, in
 * Slack mode, only return what would be written). A failure stays with its ticket: the run goes on
 * with the others.
 */
export async function triageTicket(
  ticket: TriageTicket,
  edge: TriageEdge,
  opts: { timeZone: string; appendNotes: boolean; planned?: TriagePlan },
): Promise<TicketTriage> {
  const { ticketId } = ticket;
  return orActivityFailure(
    async (): Promise<TicketTriage> => {
      const plan = opts.planned ?? (await planFromNotes(ticketId));
      if (plan.kind === 'skip') return { ticketId, outcome: 'skipped-recent', lastTriageAt: plan.lastTriageAt };

      const events = await velocloud
        .summarized(`Ticket ${ticketId}: events of edge ${edge.serialNumber} since ${plan.interval.start}`)
        .edgeEvents({ host: edge.host, enterpriseId: edge.enterpriseId, edgeId: edge.edgeId, ...plan.interval });
      // An update with nothing new leaves the last note as the starting point of the next run.
      if (plan.kind === 'update' && events.length === 0)
        return { ticketId, outcome: 'no-new-events', since: plan.interval.start };

      const notes = triageNotes(
        { ...edge, name: edge.name ?? events.find((e) => e.edgeName)?.edgeName },
        plan.interval,
        events,
        opts.timeZone,
      );
      if (opts.appendNotes && opts.planned) {
        // Planned per page (patched): the ticket's notes go in one activity, in order.
        await bruin
          .summarized(`Ticket ${ticketId}: ${notes.length} triage notes`)
          .appendTicketNotes({ ticketId, notes });
      } else if (opts.appendNotes) {
        for (const [i, note] of notes.entries()) {
          await bruin
            .summarized(`Ticket ${ticketId}: triage note ${i + 1} of ${notes.length}`)
            .appendTicketNote({ ticketId, note });
        }
      }
      return {
        ticketId,
        outcome: plan.kind === 'first' ? 'first-triage' : 'updated',
        events: events.length,
        since: plan.interval.start,
        notes,
      };
    },
    (reason): TicketTriage => ({ ticketId, outcome: 'failed', reason }),
  );
}

/** The plan from the ticket's notes, read for this ticket alone (runs started before pages were planned at once). */
async function planFromNotes(ticketId: string): Promise<TriagePlan> {
  const existing = await bruin.summarized(`Ticket ${ticketId}: read notes`).ticketNotes({ ticketId });
  return planTriage(existing, Date.now(), triageRules());
}

/** The triage rules, with the outage note no longer counting as a triage except in runs started before that rule. */
export function triageRules() {
  return { ...DEFAULT_TRIAGE_RULES, outageNoteCountsAsTriage: !patched('triage-outage-note-is-not-triage') };
}
