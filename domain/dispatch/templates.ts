import { automationNote } from '../ticket-notes';
import { formatInstant } from '../time';
import type { DispatchSnapshot } from './snapshot';
import { REMINDERS } from './timeline';
import type { DispatchVendor } from './status';

/** What the dispatch timeline tells the site contact (SMS) and writes on the ticket (note). */
export type DispatchEvent =
  | 'confirmed'
  | 'reminder-12h'
  | 'reminder-2h'
  | 'tech-changed'
  | 'tech-on-site'
  | 'rescheduled'
  | 'cancel-requested'
  | 'cancelled';

/** The snapshot fields the SMS, notes and emails read. */
export type DispatchFacts = Pick<
  DispatchSnapshot,
  'vendor' | 'dispatchNumber' | 'ticketId' | 'appointment' | 'timeZone' | 'techName' | 'techPhone'
>;

/** `+13055550100` → `+1 305-555-0100`: how a phone number reads in an SMS or a note. */
export const readablePhone = (e164: string): string => {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `+1 ${m[1]}-${m[2]}-${m[3]}` : e164;
};

/** "Joe, +1 305-555-0100", or just the name when the vendor gave no phone. */
const technician = (f: DispatchFacts): string =>
  f.techPhone ? `${f.techName}, ${readablePhone(f.techPhone)}` : f.techName;

const VENDOR_NAMES: Record<DispatchVendor, string> = { lit: 'LIT', cts: 'CTS' };
/** The title each event's Bruin note carries (its second line, after the marker). */
export const NOTE_TITLES: Record<DispatchEvent, string> = {
  confirmed: 'Dispatch Confirmed',
  'reminder-12h': 'Dispatch Reminder (12 hours)',
  'reminder-2h': 'Dispatch Reminder (2 hours)',
  'tech-changed': 'Technician Changed',
  'tech-on-site': 'Tech On Site',
  rescheduled: 'Dispatch Rescheduled',
  'cancel-requested': 'Cancellation Requested',
  cancelled: 'Dispatch Cancelled',
};

/** The SMS to the site contact; cancellations and reschedules are told on the ticket only. */
export const SMS_EVENTS = ['confirmed', 'reminder-12h', 'reminder-2h', 'tech-changed', 'tech-on-site'] as const;
/**
 * How long until the visit, as a reminder says it: "about 12 hours" when it goes out on time, the real
 * time left when it goes out late ("about 5 hours", "about an hour", "about 40 minutes").
 */
export function timeLeft(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes >= 90) return `about ${Math.round(minutes / 60)} hours`;
  if (minutes >= 60) return 'about an hour';
  return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** The SMS of an event; a reminder names the time left at `now` (by default, the time it was due). */
export function dispatchSms(
  event: Exclude<DispatchEvent, 'cancelled' | 'rescheduled' | 'cancel-requested'>,
  f: DispatchFacts,
  now?: number,
): string {
  const when = formatInstant(f.appointment, f.timeZone);
  const ref = `(MetTel ticket ${f.ticketId}, ${VENDOR_NAMES[f.vendor]} dispatch ${f.dispatchNumber})`;
  switch (event) {
    case 'confirmed':
      return `MetTel: your field service visit is confirmed for ${when}. Your technician: ${technician(f)}. ${ref}`;
    case 'reminder-12h':
    case 'reminder-2h': {
      const left = timeLeft(
        now === undefined ? REMINDERS.find((r) => r.event === event)!.beforeMs : Date.parse(f.appointment) - now,
      );
      return `MetTel reminder: your technician (${technician(f)}) will be on site in ${left}, at ${when}. ${ref}`;
    }
    case 'tech-changed':
      return `MetTel: the technician for your visit at ${when} is now ${technician(f)}. ${ref}`;
    case 'tech-on-site':
      return `MetTel: your technician ${technician(f)} has arrived on site. ${ref}`;
  }
}

/**
 * The Bruin note of an event. Its first three lines identify it (marker, title, dispatch number,
 * plus the new technician or time for a change), so the timeline can tell a note it already wrote.
 */
export function dispatchNote(event: DispatchEvent, f: DispatchFacts): string {
  const lines = [
    `Dispatch Management - ${NOTE_TITLES[event]}`,
    `Dispatch Number: ${f.dispatchNumber}${event === 'tech-changed' ? ` / Technician: ${f.techName}` : event === 'rescheduled' ? ` / Appointment: ${f.appointment}` : ''}`,
    `Vendor: ${VENDOR_NAMES[f.vendor]}`,
    `Appointment: ${formatInstant(f.appointment, f.timeZone)} (${f.timeZone})`,
    `Technician: ${technician(f)}`,
  ];
  if (event === 'cancelled') lines.push('Pending reminders were dropped.');
  if (event === 'cancel-requested') lines.push(`Cancellation requested from ${VENDOR_NAMES[f.vendor]} by email.`);
  if (event === 'rescheduled') lines.push('Reminders were recomputed for the new time.');
  return automationNote(lines);
}

/** Identity of a dispatch note: the lines dispatchNote puts first. */
export const dispatchNoteKey = (note: string): string => note.split('\n').slice(0, 3).join('\n');

/** Whether this note (by its identifying lines) is already among the ticket's notes. */
export function noteTextWritten(note: string, notes: ReadonlyArray<{ noteValue: string | null }>): boolean {
  const key = dispatchNoteKey(note);
  return notes.some((n) => n.noteValue !== null && dispatchNoteKey(n.noteValue) === key);
}

/** Whether this event's note (for these facts) is already among the ticket's notes. */
export const noteAlreadyWritten = (
  event: DispatchEvent,
  f: DispatchFacts,
  notes: ReadonlyArray<{ noteValue: string | null }>,
): boolean => noteTextWritten(dispatchNote(event, f), notes);

/** The cancellation request LIT and CTS take by email. */
export function cancelRequestEmail(f: DispatchFacts, reason: string): { subject: string; text: string } {
  return {
    subject: `Cancel dispatch ${f.dispatchNumber} (MetTel ticket ${f.ticketId})`,
    text: [
      `Please cancel ${VENDOR_NAMES[f.vendor]} dispatch ${f.dispatchNumber} for MetTel ticket ${f.ticketId},`,
      `scheduled for ${formatInstant(f.appointment, f.timeZone)} (${f.timeZone}).`,
      `Reason: ${reason}`,
      '',
      'MetTel automation',
    ].join('\n'),
  };
}
