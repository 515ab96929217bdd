import { reportBusinessEvent } from '../business-events';
import { BRUIN_CLOCK_SKEW_MS } from '../../domain/clock-skew';
import { noteKind } from '../../domain/note-kinds';
import { Context } from '@temporalio/activity';
import { AUTOMATION_MARKER, NOTE_LIMIT } from '../../domain/ticket-notes';
import type { VendorHttp } from '../vendor-http';
import { invalidInput } from '../vendor-errors';
import { notesResponse, ticketDetailsResponse } from './schemas';
import type { TicketNote } from './types';

/** A ticket's notes, read and appended (every note the engine writes goes through here). */
export function createBruinNoteActivities(http: VendorHttp) {
  async function notesOf(ticketId: string): Promise<TicketNote[]> {
    if (!/^\d+$/.test(ticketId))
      throw invalidInput(`ticket notes: field "ticketId" must be a Bruin ticket number, got "${ticketId}"`);
    const { ticketNotes } = await http.call({
      method: 'GET',
      path: `/api/Ticket/${ticketId}/details`,
      endpoint: 'GET ticket details',
      schema: ticketDetailsResponse,
    });
    return ticketNotes.map((n) => ({ noteId: String(n.noteId), noteValue: n.noteValue, createdDate: n.createdDate }));
  }

  /** Appends an automation note (must carry the marker, under Bruin's 1,500-character limit). */
  async function appendTicketNote({
    ticketId,
    note,
  }: {
    ticketId: string;
    note: string;
  }): Promise<{ noteId: string; createdDate: string }> {
    if (!note.startsWith(AUTOMATION_MARKER))
      throw invalidInput('appendTicketNote: field "note" must start with the automation marker');
    if (note.length > NOTE_LIMIT)
      throw invalidInput(`appendTicketNote: field "note" is ${note.length} characters; at most ${NOTE_LIMIT}`);
    const { attempt, scheduledTimestampMs } = Context.current().info;
    if (attempt > 1) {
      // A timed-out earlier attempt may have been written all the same: Bruin has no idempotency
      // key, so the note itself, written since this activity was first scheduled, is the evidence.
      const written = (await notesOf(ticketId)).find(
        (n) => n.noteValue === note && Date.parse(n.createdDate) >= scheduledTimestampMs - BRUIN_CLOCK_SKEW_MS,
      );
      if (written) return { noteId: written.noteId, createdDate: written.createdDate };
    }
    const { ticketNotes } = await http.call({
      method: 'POST',
      path: `/api/Ticket/${ticketId}/notes`,
      endpoint: 'POST ticket note',
      schema: notesResponse,
      body: { note },
    });
    reportBusinessEvent({ kind: 'note', note: noteKind(note) });
    return { noteId: String(ticketNotes[0].noteId), createdDate: ticketNotes[0].createdDate };
  }

  return {
    /** A ticket's notes with their creation instants (triage reads when it last wrote). */
    async ticketNotes({ ticketId }: { ticketId: string }): Promise<TicketNote[]> {
      return notesOf(ticketId);
    },

    appendTicketNote,

    /** A ticket's notes in order, as one activity; a retry writes only those its earlier attempt did not. */
    async appendTicketNotes({ ticketId, notes }: { ticketId: string; notes: string[] }): Promise<number> {
      for (const note of notes) await appendTicketNote({ ticketId, note });
      return notes.length;
    },

    /**
     * A note unless the ticket holds that exact text already: for notes unique to their decision (an outage or
     * auto-resolve note names its run), written late as owed work after an earlier try may have gone through.
     */
    async appendTicketNoteOnce({
      ticketId,
      note,
    }: {
      ticketId: string;
      note: string;
    }): Promise<'written' | 'already-there'> {
      if ((await notesOf(ticketId)).some((n) => n.noteValue === note)) return 'already-there';
      await appendTicketNote({ ticketId, note });
      return 'written';
    },
  };
}
