import { noteTextWritten } from '../../domain/dispatch/templates';
import type { createBruinNoteActivities } from '../bruin/notes';

/** The dispatch timeline's step on the bruin queue: its ticket note, written once. */
export function createDispatchBruinSteps(notes: ReturnType<typeof createBruinNoteActivities>) {
  return {
    /**
     * A dispatch note unless the ticket has it already (the same identifying lines): one activity where the
     * timeline used to read and then write, and idempotent (a retry finds what its first attempt wrote).
     */
    async appendDispatchNoteOnce({
      ticketId,
      note,
    }: {
      ticketId: string;
      note: string;
    }): Promise<'written' | 'already-there'> {
      if (noteTextWritten(note, await notes.ticketNotes({ ticketId }))) return 'already-there';
      await notes.appendTicketNote({ ticketId, note });
      return 'written';
    },
  };
}
