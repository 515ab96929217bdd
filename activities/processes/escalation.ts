import { planEscalation, type EscalationPlan, type EscalationRules } from '../../domain/escalation';
import type { createBruinNoteActivities } from '../bruin/notes';
import { resumableEach } from '../resumable';
import { orBrokenItem } from '../vendor-errors';

/** Escalation's step on the bruin queue: a page of open tickets planned from their notes. */
export function createEscalationSteps(notes: Pick<ReturnType<typeof createBruinNoteActivities>, 'ticketNotes'>) {
  return {
    /**
     * Whether each ticket of a page is due an escalation, and which round: one activity per page, 8 reads at a time,
     * resumed after a crash. A ticket too young to escalate is planned from its open date alone (its notes are not
     * read). Only the plans come back. A ticket Bruin cannot answer for gets `failed` with the reason.
     */
    async escalationPlans({
      tickets,
      nowMs,
      rules,
    }: {
      tickets: Array<{ ticketId: string; createDate: string }>;
      nowMs: number;
      rules: EscalationRules;
    }): Promise<Array<{ ticketId: string; plan: EscalationPlan } | { ticketId: string; failed: string }>> {
      const read = await resumableEach(
        'escalationPlans',
        tickets,
        (t) => t.ticketId,
        (t) =>
          orBrokenItem(
            async () => {
              const byDate = planEscalation(t.createDate, [], nowMs, rules);
              if (!byDate.due) return { plan: byDate };
              return {
                plan: planEscalation(t.createDate, await notes.ticketNotes({ ticketId: t.ticketId }), nowMs, rules),
              };
            },
            (failed) => ({ failed }),
          ),
        8,
      );
      return read.map(({ item, result }) => ({ ticketId: item.ticketId, ...result }));
    },
  };
}
