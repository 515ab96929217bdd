import { bestOfferedAction, decideTnba, lastTnbaNote, tnbaNote } from '../../domain/tnba';
import { bruin, t7 } from '../activities';
import { orActivityFailure } from '../activity-failure';

export type TicketTnba =
  | { ticketId: string; outcome: 'appended' | 'would-append'; action: string; probability: number; note: string }
  | { ticketId: string; outcome: 'same-action' | 'changed-but-recent' | 'nothing-offered' }
  | { ticketId: string; outcome: 'failed'; reason: string };

/**
 * One ticket's next best action: T7's predictions from its task history, kept to what Bruin offers
 * as next steps, the most confident one noted when the ticket has no TNBA note, or when the best
 * action changed and the last note is old enough. `write: false` (dry run, Slack mode) notes nothing.
 */
export async function tnbaTicket(
  ticket: { ticketId: string; serviceNumber: string },
  opts: { write: boolean; minNoteAgeMinutes: number },
): Promise<TicketTnba> {
  const { ticketId } = ticket;
  const about = (what: string) => bruin.summarized(`Ticket ${ticketId}: ${what}`);
  return orActivityFailure(
    async (): Promise<TicketTnba> => {
      const notes = await about('notes').ticketNotes({ ticketId });
      const taskHistory = await about('task history').ticketTaskHistory({ ticketId });
      const next = await about('next actions offered').nextActions({ ticketId, serviceNumber: ticket.serviceNumber });
      const predictions = await t7
        .summarized(`Ticket ${ticketId}: T7 predictions`)
        .predictNextActions({ ticketId, taskHistory });
      const decision = decideTnba(
        bestOfferedAction(predictions, next.offered),
        lastTnbaNote(notes),
        Date.now(),
        opts.minNoteAgeMinutes,
      );
      if (decision.kind !== 'append') return { ticketId, outcome: decision.kind };
      const note = tnbaNote(decision.best, next.currentTask);
      if (opts.write) {
        await about(`TNBA note (${decision.best.name})`).appendTicketNote({ ticketId, note });
        // T7's live-automation metric: this ticket got an automated next-best-action note.
        await t7
          .summarized(`Ticket ${ticketId}: automation metric to T7`)
          .postAutomationMetric({ ticketId, automated: true });
      }
      return {
        ticketId,
        outcome: opts.write ? 'appended' : 'would-append',
        action: decision.best.name,
        probability: decision.best.probability,
        note,
      };
    },
    (reason): TicketTnba => ({ ticketId, outcome: 'failed', reason }),
  );
}
