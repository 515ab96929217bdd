import { ActivityFailure } from '@temporalio/workflow';
import { bestOfferedAction, decideTnba, lastTnbaNote, tnbaNote } from '../../domain/tnba';
import { bruin, bruinOptions, t7, t7Options } from '../activities';
import { activityFailureReason } from '../activity-failure';

export type TicketTnba =
  | { ticketId: string; outcome: 'appended' | 'would-append'; action: string; probability: number; note: string }
  | { ticketId: string; outcome: 'same-action' | 'changed-but-recent' | 'nothing-offered' }
  | { ticketId: string; outcome: 'failed'; reason: string };

/**
 * One ticket's next best action: T7's predictions from its task history, kept to what Bruin offers
 * as next steps, the most confident one noted when the ticket has no TNBA note, or when the best
 * action changed and the last note is old enough. `write: false` (dry run, Slack mode) notes nothing.
 */
export async function tnbaTicket(ticket: { ticketId: string; serviceNumber: string }, opts: { write: boolean; minNoteAgeMinutes: number }): Promise<TicketTnba> {
  const { ticketId } = ticket;
  const summary = (what: string) => ({ ...bruinOptions, summary: `Ticket ${ticketId}: ${what}` });
  try {
    const notes = await bruin.ticketNotes.executeWithOptions(summary('notes'), [{ ticketId }]);
    const taskHistory = await bruin.ticketTaskHistory.executeWithOptions(summary('task history'), [{ ticketId }]);
    const next = await bruin.nextActions.executeWithOptions(summary('next actions offered'), [{ ticketId, serviceNumber: ticket.serviceNumber }]);
    const predictions = await t7.predictNextActions.executeWithOptions({ ...t7Options, summary: `Ticket ${ticketId}: T7 predictions` }, [{ ticketId, taskHistory }]);
    const decision = decideTnba(bestOfferedAction(predictions, next.offered), lastTnbaNote(notes), Date.now(), opts.minNoteAgeMinutes);
    if (decision.kind !== 'append') return { ticketId, outcome: decision.kind };
    const note = tnbaNote(decision.best, next.currentTask);
    if (opts.write) {
      await bruin.appendTicketNote.executeWithOptions(summary(`TNBA note (${decision.best.name})`), [{ ticketId, note }]);
      // T7's live-automation metric: this ticket got an automated next-best-action note.
      await t7.postAutomationMetric.executeWithOptions({ ...t7Options, summary: `Ticket ${ticketId}: automation metric to T7` }, [{ ticketId, automated: true }]);
    }
    return { ticketId, outcome: opts.write ? 'appended' : 'would-append', action: decision.best.name, probability: decision.best.probability, note };
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    return { ticketId, outcome: 'failed', reason: activityFailureReason(err) };
  }
}
