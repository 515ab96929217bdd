import { patched } from '@temporalio/workflow';
import { DEFAULT_TRIAGE_RULES, planTriage, triageNotes, type TriageEdge } from '../../domain/triage';
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
 * Triage of one open outage ticket: read its notes, decide the interval, read the edge's events
 * in it and write them as triage notes (or, in Slack mode, only return what would be written).
 * A failure stays with its ticket: the run goes on with the others.
 */
export async function triageTicket(
  ticket: TriageTicket,
  edge: TriageEdge,
  opts: { timeZone: string; appendNotes: boolean },
): Promise<TicketTriage> {
  const { ticketId } = ticket;
  return orActivityFailure(
    async (): Promise<TicketTriage> => {
      const existing = await bruin.summarized(`Ticket ${ticketId}: read notes`).ticketNotes({ ticketId });
      // Runs started before the outage note stopped counting as a triage keep the old rule on replay.
      const outageNoteCountsAsTriage = !patched('triage-outage-note-is-not-triage');
      const plan = planTriage(existing, Date.now(), { ...DEFAULT_TRIAGE_RULES, outageNoteCountsAsTriage });
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
      if (opts.appendNotes) {
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
