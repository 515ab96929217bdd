/**
 * Escalation of tickets nobody has touched: an outage or VAS ticket still open `afterMinutes` after Bruin opened it,
 * with no note from a person (a note without the automation marker), is escalated to the NOC; again at most once per
 * `everyMinutes`, until a person notes it or it resolves. Pure: the Bruin step plans each ticket with it, the workflow
 * sends what is due through the ledger, keyed by the round, so a round is sent once however often the check runs.
 */
import { AUTOMATION_MARKER } from './ticket-notes';

export interface EscalationRules {
  afterMinutes: number;
  everyMinutes: number;
}

export type EscalationPlan =
  | { due: true; round: number; minutesOpen: number }
  | { due: false; why: 'too-young' | 'person-noted' | 'no-open-date' };

/** A note a person wrote: anything that does not start with the automation marker. */
export const isPersonNote = (note: { noteValue: string | null }): boolean =>
  (note.noteValue ?? '').trim() !== '' && !(note.noteValue ?? '').startsWith(AUTOMATION_MARKER);

/**
 * Whether a ticket is due an escalation at `nowMs`, and which round: round 1 from `afterMinutes` after it opened,
 * round n from `afterMinutes + (n - 1) × everyMinutes`. After downtime the current round is due, not the missed ones.
 */
export function planEscalation(
  openedAt: string | undefined,
  notes: ReadonlyArray<{ noteValue: string | null }>,
  nowMs: number,
  rules: EscalationRules,
): EscalationPlan {
  const opened = openedAt ? Date.parse(openedAt) : NaN;
  if (Number.isNaN(opened)) return { due: false, why: 'no-open-date' };
  const minutesOpen = Math.floor((nowMs - opened) / 60_000);
  if (minutesOpen < rules.afterMinutes) return { due: false, why: 'too-young' };
  if (notes.some(isPersonNote)) return { due: false, why: 'person-noted' };
  return { due: true, round: Math.floor((minutesOpen - rules.afterMinutes) / rules.everyMinutes) + 1, minutesOpen };
}

/** `2 h 05 min`, `35 min`: how long a ticket has been open, as the message says it. */
export function openFor(minutes: number): string {
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** The escalation as the NOC reads it (Slack text; the email's subject is its first line without the markup). */
export function escalationText(t: {
  ticketId: string;
  serviceNumber: string;
  clientId: string;
  minutesOpen: number;
  round: number;
  ticketUrl: string;
}): { slack: string; subject: string; body: string } {
  const subject =
    `Escalation${t.round > 1 ? ` (${t.round})` : ''}: ticket ${t.ticketId} (${t.serviceNumber}) ` +
    `open ${openFor(t.minutesOpen)} with no note from a person`;
  const lines = [
    `Client ${t.clientId}, device ${t.serviceNumber}: the automation opened or noted this ticket and nobody has noted it since.`,
    `Ticket: ${t.ticketUrl}`,
    `What the engine did: npm run story -- ticket ${t.ticketId}`,
    'A note from a person on the ticket stops these messages; so does resolving it.',
  ];
  return { slack: [`:rotating_light: *${subject}*`, ...lines].join('\n'), subject, body: lines.join('\n') };
}
