/**
 * What kind of automation note a text is, for the ticket-notes counter: every process's notes start
 * with the marker and a title of their own. Pure.
 */
import { HAWKEYE_TRIAGE_TITLE, isOutageNote } from './outage';
import { AUTO_RESOLVE_TITLE, SERVICE_AFFECTING_TITLE } from './service-affecting';
import { automationNoteTitle } from './ticket-notes';
import { TNBA_TITLE } from './tnba';
import { TRIAGE_TITLE } from './triage';

export type NoteKind = 'outage' | 'triage' | 'tnba' | 'dispatch' | 'service-affecting' | 'auto-resolve' | 'other';

export function noteKind(text: string): NoteKind {
  if (isOutageNote(text)) return 'outage';
  const title = automationNoteTitle(text) ?? '';
  if (title === TRIAGE_TITLE || title === HAWKEYE_TRIAGE_TITLE) return 'triage';
  if (title === TNBA_TITLE) return 'tnba';
  if (title === SERVICE_AFFECTING_TITLE) return 'service-affecting';
  if (title === AUTO_RESOLVE_TITLE || title.startsWith('Auto-resolving ticket')) return 'auto-resolve';
  if (title.startsWith('Dispatch Management')) return 'dispatch';
  return 'other';
}
