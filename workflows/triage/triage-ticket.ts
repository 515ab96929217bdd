import { ActivityFailure } from '@temporalio/workflow';
import { planTriage, triageNotes, type TriageEdge } from '../../domain/triage';
import { bruin, bruinOptions, velocloud, velocloudOptions } from '../activities';
import { activityFailureReason } from '../activity-failure';

export interface TriageTicket { ticketId: string; clientId: string; serviceNumber: string }

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
export async function triageTicket(ticket: TriageTicket, edge: TriageEdge, opts: { timeZone: string; appendNotes: boolean }): Promise<TicketTriage> {
  const { ticketId } = ticket;
  try {
    const existing = await bruin.ticketNotes.executeWithOptions({ ...bruinOptions, summary: `Ticket ${ticketId}: read notes` }, [{ ticketId }]);
    const plan = planTriage(existing, Date.now());
    if (plan.kind === 'skip') return { ticketId, outcome: 'skipped-recent', lastTriageAt: plan.lastTriageAt };

    const events = await velocloud.edgeEvents.executeWithOptions(
      { ...velocloudOptions, summary: `Ticket ${ticketId}: events of edge ${edge.serialNumber} since ${plan.interval.start}` },
      [{ host: edge.host, enterpriseId: edge.enterpriseId, edgeId: edge.edgeId, ...plan.interval }],
    );
    // An update with nothing new leaves the last note as the starting point of the next run.
    if (plan.kind === 'update' && events.length === 0) return { ticketId, outcome: 'no-new-events', since: plan.interval.start };

    const notes = triageNotes({ ...edge, name: edge.name ?? events.find((e) => e.edgeName)?.edgeName }, plan.interval, events, opts.timeZone);
    if (opts.appendNotes) {
      for (const [i, note] of notes.entries()) {
        await bruin.appendTicketNote.executeWithOptions({ ...bruinOptions, summary: `Ticket ${ticketId}: triage note ${i + 1} of ${notes.length}` }, [{ ticketId, note }]);
      }
    }
    return { ticketId, outcome: plan.kind === 'first' ? 'first-triage' : 'updated', events: events.length, since: plan.interval.start, notes };
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    return { ticketId, outcome: 'failed', reason: activityFailureReason(err) };
  }
}
