import { planTriage, type TriagePlan, type TriageRules } from '../../domain/triage';
import type { createBruinNoteActivities } from '../bruin/notes';
import { resumableEach } from '../resumable';
import { orBrokenItem } from '../vendor-errors';

/** Triage's step on the bruin queue: a page of tickets planned from their notes. */
export function createTriageSteps(notes: ReturnType<typeof createBruinNoteActivities>) {
  return {
    /**
     * Triage's plan for each ticket of a page (skip, first look-back, or update since the last triage note),
     * from its notes: one activity per page instead of one per ticket, 8 reads at a time and resumed after a
     * crash. Only the plans come back, not the notes, so the page's answer stays small. A ticket Bruin cannot
     * answer for (unknown, broken record) gets `failed` with the reason; the others are planned.
     */
    async triagePlans({
      ticketIds,
      nowMs,
      rules,
    }: {
      ticketIds: string[];
      /** The workflow's now: the plans' intervals end there. */
      nowMs: number;
      rules: TriageRules;
    }): Promise<Array<{ ticketId: string; plan: TriagePlan } | { ticketId: string; failed: string }>> {
      const read = await resumableEach(
        'triagePlans',
        ticketIds,
        (id) => id,
        (ticketId) =>
          orBrokenItem(
            async () => ({ plan: planTriage(await notes.ticketNotes({ ticketId }), nowMs, rules) }),
            (failed) => ({ failed }),
          ),
        8,
      );
      return read.map(({ item, result }) => ({ ticketId: item, ...result }));
    },
  };
}
