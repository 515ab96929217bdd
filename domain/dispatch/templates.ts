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
  | 'site-contact-changed'
  | 'tech-on-site'
  | 'rescheduled'
  | 'cancel-requested'
  | 'cancelled';

/** The snapshot fields the SMS, notes and emails read. */
export type DispatchFacts = Pick<
  DispatchSnapshot,
  'vendor' | 'dispatchNumber' | 'ticketId' | 'appointment' | 'timeZone' | 'techName' | 'techPhone'
> &
  Partial<Pick<DispatchSnapshot, 'sitePhone' | 'siteContactName'>>;

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
  'site-contact-changed': 'Site Contact Changed',
  'tech-on-site': 'Tech On Site',
  rescheduled: 'Dispatch Rescheduled',
  'cancel-requested': 'Cancellation Requested',
  cancelled: 'Dispatch Cancelled',
};

/** The SMS to the site contact; cancellations and reschedules are told on the ticket only. */
export const SMS_EVENTS = [
  'confirmed',
  'reminder-12h',
  'reminder-2h',
  'tech-changed',
  'site-contact-changed',
  'tech-on-site',
] as const;

/**
 * What the technician is texted, by event (seed 004's tech phone): their confirmation when the dispatch is confirmed
 * and when they are the new technician, and their own 12 h and 2 h reminders.
 */
export const TECH_SMS: Partial<Record<DispatchEvent, TechSmsKind>> = {
  confirmed: 'confirmed',
  'tech-changed': 'confirmed',
  'reminder-12h': 'reminder-12h',
  'reminder-2h': 'reminder-2h',
};
export type TechSmsKind = 'confirmed' | 'reminder-12h' | 'reminder-2h';

/** `phone ending 0100`: how a note names a phone (no digits beyond the last four). */
export const phoneEnding = (e164: string | undefined): string => (e164 ? `phone ending ${e164.slice(-4)}` : 'no phone');
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

/** How long until the visit at `now`, or as a reminder says it on time when `now` is not given. */
const leftAt = (event: 'reminder-12h' | 'reminder-2h', appointment: string, now?: number) =>
  timeLeft(now === undefined ? REMINDERS.find((r) => r.event === event)!.beforeMs : Date.parse(appointment) - now);

const reference = (f: DispatchFacts) =>
  `(MetTel ticket ${f.ticketId}, ${VENDOR_NAMES[f.vendor]} dispatch ${f.dispatchNumber})`;

/** `1 Main St, Miami, FL 33101`: a ticket site's street address as a text says it; '' when there is none. */
export const addressLine = (
  a: { street: string; city: string; state: string; zip: string } | null | undefined,
): string => (a ? `${a.street}, ${a.city}, ${a.state} ${a.zip}`.trim() : '');

/** "Jane Doe, +1 305-555-0100": who the technician asks for at the site. */
const siteContact = (f: DispatchFacts): string =>
  [f.siteContactName, f.sitePhone ? readablePhone(f.sitePhone) : undefined].filter(Boolean).join(', ') ||
  'see the ticket';

/**
 * The technician's SMS: the visit's local date and time, the site's address (`siteAddress`, from the ticket's site;
 * empty when Bruin gave none), the ticket and the site contact; a reminder names the time left at `now`.
 */
export function techSms(kind: TechSmsKind, f: DispatchFacts, siteAddress: string, now?: number): string {
  const when = formatInstant(f.appointment, f.timeZone);
  const where = siteAddress || `the site of MetTel ticket ${f.ticketId}`;
  if (kind === 'confirmed')
    return `MetTel: you are booked for a field service visit on ${when} at ${where}. Site contact: ${siteContact(f)}. ${reference(f)}`;
  return `MetTel reminder: your field service visit at ${where} is in ${leftAt(kind, f.appointment, now)}, at ${when}. Site contact: ${siteContact(f)}. ${reference(f)}`;
}

/** The SMS of an event; a reminder names the time left at `now` (by default, the time it was due). */
export function dispatchSms(
  event: Exclude<DispatchEvent, 'cancelled' | 'rescheduled' | 'cancel-requested'>,
  f: DispatchFacts,
  now?: number,
): string {
  const when = formatInstant(f.appointment, f.timeZone);
  const ref = reference(f);
  switch (event) {
    case 'confirmed':
    case 'site-contact-changed':
      return `MetTel: your field service visit is confirmed for ${when}. Your technician: ${technician(f)}. ${ref}`;
    case 'reminder-12h':
    case 'reminder-2h':
      return `MetTel reminder: your technician (${technician(f)}) will be on site in ${leftAt(event, f.appointment, now)}, at ${when}. ${ref}`;
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
    `Dispatch Number: ${f.dispatchNumber}${noteIdentity(event, f)}`,
    `Vendor: ${VENDOR_NAMES[f.vendor]}`,
    `Appointment: ${formatInstant(f.appointment, f.timeZone)} (${f.timeZone})`,
    `Technician: ${technician(f)}`,
  ];
  if (event === 'cancelled') lines.push('Pending reminders were dropped.');
  if (event === 'cancel-requested') lines.push(`Cancellation requested from ${VENDOR_NAMES[f.vendor]} by email.`);
  if (event === 'rescheduled') lines.push('Reminders were recomputed for the new time.');
  if (event === 'site-contact-changed') lines.push('The new site contact was texted the confirmation.');
  return automationNote(lines);
}

/** What tells one change's note from another's of the same kind (the new technician, time or contact). */
function noteIdentity(event: DispatchEvent, f: DispatchFacts): string {
  if (event === 'tech-changed') return ` / Technician: ${f.techName}`;
  if (event === 'rescheduled') return ` / Appointment: ${f.appointment}`;
  if (event === 'site-contact-changed')
    return ` / Site contact: ${f.siteContactName ?? ''} ${phoneEnding(f.sitePhone)}`;
  return '';
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
