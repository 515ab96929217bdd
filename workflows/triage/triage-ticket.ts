import { triageNotes, type TriageEdge, type TriagePlan } from '../../domain/triage';
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
 * Triage of one open outage ticket, planned from its notes with the rest of its page (`planned`): read the
 * edge's events in the interval and write them as triage notes (or, in Slack mode, only return what would be
 * written). A failure stays with its ticket: the run goes on with the others.
 */
export async function triageTicket(
  ticket: TriageTicket,
  edge: TriageEdge,
  opts: { timeZone: string; appendNotes: boolean; planned: TriagePlan },
): Promise<TicketTriage> {
  const { ticketId } = ticket;
  return orActivityFailure(
    async (): Promise<TicketTriage> => {
      const plan = opts.planned;
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
      // The ticket's notes go in one activity, in order.
      if (opts.appendNotes)
        await bruin
          .summarized(`Ticket ${ticketId}: ${notes.length} triage notes`)
          .appendTicketNotes({ ticketId, notes });
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
