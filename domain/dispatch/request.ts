import { automationNote } from '../ticket-notes';
import { CALENDAR_DATE, formatInstant, zonedInstant } from '../time';
import { contactNameOf, ctsIgzDispatchNumber, ctsOnsiteContact, extractPhone } from './contact';
import { ianaZone, litAppointment, ctsAppointment } from './appointment';
import { phoneEnding, readablePhone } from './templates';
import type { DispatchVendor } from './status';

/**
 * What a dispatcher asks for in the portal, whatever the vendor: the portal's form and API body, and
 * the input of the dispatch-request workflow (encrypted: the contact's name and phone are PII).
 */
export interface DispatchRequestForm {
  vendor: DispatchVendor;
  ticketId: string;
  /** The appointment as the site reads it: local date, 24-hour time and IANA zone. */
  date: string;
  time: string;
  timeZone: string;
  contactName: string;
  /** E.164 once checked. */
  contactPhone: string;
  description: string;
}

/** A change to a dispatch: the appointment (all three fields), the site contact (both), the description. */
export interface DispatchChange {
  date?: string;
  time?: string;
  timeZone?: string;
  contactName?: string;
  contactPhone?: string;
  description?: string;
}

/** One field's problem, as the API's 400 and the form's inline errors show it. */
export interface FieldError {
  field: string;
  reason: string;
}

// The rules of the form's fields, one pattern and one reason each: the checks below, the portal API's
// schemas and its OpenAPI document all read these. Patterns keep to ASCII classes ([0-9], not \d) so a
// client's regex engine reads them as this one does.
const NAME = /^\p{L}[\p{L} .'-]{0,79}$/u;
export const TICKET_ID = /^[0-9]{4,12}$/;
/** The portal's reference for a dispatch (`IGZ-` and 10 hex digits), travelling in the vendor's fields. */
export const DISPATCH_REFERENCE = /^IGZ-[0-9a-f]{10}$/;
export const DESCRIPTION_LIMIT = 1_000;

export const DISPATCH_FIELD_RULES = {
  ticketId: { pattern: TICKET_ID, reason: 'must be a Bruin ticket ID (digits)' },
  date: { pattern: CALENDAR_DATE, reason: 'must be a calendar date as YYYY-MM-DD' },
  time: { pattern: /^(?:[01][0-9]|2[0-3]):[0-5][0-9]$/, reason: 'must be a 24-hour time as HH:MM' },
  /** Shaped like an IANA zone; whether the tz database knows it is a lookup (the portal answers that 422). */
  timeZone: {
    pattern: /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)+$/,
    reason: 'must be an IANA time zone such as America/New_York',
  },
  contactName: { pattern: NAME, reason: "must be a name of 1-80 letters, spaces and .'-" },
  /** A NANP number as one field holds it (the whole field, in the usual separators). */
  contactPhone: {
    pattern: /^(?:\+?1[ .-]?)?\(?[2-9][0-9]{2}\)?[ .-]?[2-9][0-9]{2}[ .-]?[0-9]{4}$/,
    reason: 'must be a US phone number such as +1 212-555-0100',
  },
  description: { maxLength: DESCRIPTION_LIMIT, reason: `must be at most ${DESCRIPTION_LIMIT} characters` },
} as const;
const rules = DISPATCH_FIELD_RULES;

/** The appointment's instant (ms), or the field that makes it impossible. */
export function appointmentInstant(
  date: string,
  time: string,
  timeZone: string,
): { ok: true; at: number } | { ok: false; error: FieldError } {
  if (!rules.date.pattern.test(date)) return { ok: false, error: { field: 'date', reason: rules.date.reason } };
  if (!rules.time.pattern.test(time)) return { ok: false, error: { field: 'time', reason: rules.time.reason } };
  if (!isIanaZone(timeZone)) return { ok: false, error: { field: 'timeZone', reason: rules.timeZone.reason } };
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  return { ok: true, at: zonedInstant({ year, month, day, hour, minute }, timeZone) };
}

const isIanaZone = (zone: string): boolean => zone.includes('/') && ianaZone(zone) !== undefined;

/**
 * Every problem of a new dispatch request (empty when there is none). The phone comes back as E.164;
 * an appointment must lie ahead of `now`. Reasons never repeat the value (names and phones are PII).
 */
export function checkDispatchRequest(
  form: DispatchRequestForm,
  now: number,
): { ok: true; value: DispatchRequestForm } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (form.vendor !== 'lit' && form.vendor !== 'cts') errors.push({ field: 'vendor', reason: 'must be lit or cts' });
  if (!TICKET_ID.test(form.ticketId)) errors.push({ field: 'ticketId', reason: rules.ticketId.reason });
  const change = checkDispatchChange(form, now);
  if (!change.ok) errors.push(...change.errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { ...form, ...(change.ok ? change.value : {}) } as DispatchRequestForm };
}

/** Every problem of a change; fields that travel together (appointment, contact) must come together. */
export function checkDispatchChange(
  change: DispatchChange,
  now: number,
): { ok: true; value: DispatchChange } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const value: DispatchChange = {};
  const appointment = [change.date, change.time, change.timeZone];
  if (appointment.some((v) => v !== undefined)) {
    if (appointment.some((v) => v === undefined))
      errors.push({ field: 'date', reason: 'date, time and timeZone change together' });
    else {
      const at = appointmentInstant(change.date!, change.time!, change.timeZone!);
      if (!at.ok) errors.push(at.error);
      else if (at.at <= now) errors.push({ field: 'date', reason: 'the appointment must be in the future' });
      else Object.assign(value, { date: change.date, time: change.time, timeZone: change.timeZone });
    }
  }
  if (change.contactName !== undefined || change.contactPhone !== undefined) {
    if (change.contactName === undefined || !NAME.test(change.contactName.trim()))
      errors.push({ field: 'contactName', reason: rules.contactName.reason });
    const phone = (change.contactPhone ?? '').trim();
    const e164 = extractPhone(phone, 'contactPhone');
    if (!rules.contactPhone.pattern.test(phone) || !e164.ok)
      errors.push({ field: 'contactPhone', reason: rules.contactPhone.reason });
    else value.contactPhone = e164.value;
    if (change.contactName !== undefined) value.contactName = change.contactName.trim();
  }
  if (change.description !== undefined) {
    if (change.description.length > DESCRIPTION_LIMIT)
      errors.push({ field: 'description', reason: rules.description.reason });
    else value.description = change.description.trim();
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}

/** The 12-hour clock LIT writes (`2:30PM`). */
function litClock(time: string): string {
  const [h, m] = time.split(':').map(Number);
  return `${((h + 11) % 12) + 1}:${String(m).padStart(2, '0')}${h < 12 ? 'AM' : 'PM'}`;
}

const referenceLine = (reference: string) => `IGZ Dispatch Number: ${reference}`;
const contactText = (name: string, phone: string) => `${name} ${readablePhone(phone)}`;

/** A LIT create request (its field names): the reference leads the scope of work, where find-or-create looks. */
export function litRequestFields(form: DispatchRequestForm, reference: string) {
  return {
    MetTel_Bruin_TicketID: form.ticketId,
    Date_of_Dispatch: form.date,
    Hard_Time_of_Dispatch_Local: litClock(form.time),
    Hard_Time_of_Dispatch_Time_Zone_Local: form.timeZone,
    Job_Site_Contact_Name_and_Phone_Number: contactText(form.contactName, form.contactPhone),
    Scope_of_Work: `${referenceLine(reference)}\n${form.description}`,
  };
}

/** A CTS create request: UTC appointment; reference, contact and zone in `Description__c` (seed 004). */
export function ctsRequestFields(form: DispatchRequestForm, reference: string) {
  const at = appointmentInstant(form.date, form.time, form.timeZone);
  if (!at.ok) throw new Error(`${at.error.field} ${at.error.reason}`);
  return {
    Ext_Ref_Num__c: form.ticketId,
    Local_Site_Time__c: new Date(at.at).toISOString(),
    Description__c: ctsDescription(reference, form),
  };
}

function ctsDescription(
  reference: string,
  f: Pick<DispatchRequestForm, 'contactName' | 'contactPhone' | 'timeZone' | 'description'>,
): string {
  return [
    referenceLine(reference),
    `Onsite Contact: ${contactText(f.contactName, f.contactPhone)}`,
    `Site Time Zone: ${f.timeZone}`,
    `Scope of Work: ${f.description}`,
  ].join('\n');
}

/** The portal's view of a vendor record (form fields), for the detail page and the edit form. */
export function formFromLit(d: {
  MetTel_Bruin_TicketID?: string | null;
  Date_of_Dispatch?: string | null;
  Hard_Time_of_Dispatch_Local?: string | null;
  Hard_Time_of_Dispatch_Time_Zone_Local?: string | null;
  Job_Site_Contact_Name_and_Phone_Number?: string | null;
  Scope_of_Work?: string | null;
}): Omit<DispatchRequestForm, 'vendor'> {
  const at = litAppointment(d);
  return formOf({
    ticketId: d.MetTel_Bruin_TicketID,
    at: at.ok ? at.value : undefined,
    zone: ianaZone(d.Hard_Time_of_Dispatch_Time_Zone_Local ?? ''),
    contact: d.Job_Site_Contact_Name_and_Phone_Number,
    description: (d.Scope_of_Work ?? '').replace(/^IGZ Dispatch Number:[^\n]*\n?/, ''),
  });
}

export function formFromCts(d: {
  Ext_Ref_Num__c?: string | null;
  Local_Site_Time__c?: string | null;
  Description__c?: string | null;
}): Omit<DispatchRequestForm, 'vendor'> {
  const at = ctsAppointment(d.Local_Site_Time__c);
  return formOf({
    ticketId: d.Ext_Ref_Num__c,
    at: at.ok ? at.value : undefined,
    zone: /Site Time Zone:\s*(\S+)/.exec(d.Description__c ?? '')?.[1],
    contact: ctsOnsiteContact(d.Description__c),
    description: /Scope of Work:\s*([\s\S]*)$/.exec(d.Description__c ?? '')?.[1] ?? '',
  });
}

/** A vendor record's pieces as the form shows them: the appointment in its zone, the contact split in two. */
function formOf(r: {
  ticketId: string | null | undefined;
  at: string | undefined;
  zone: string | undefined;
  contact: string | null | undefined;
  description: string;
}): Omit<DispatchRequestForm, 'vendor'> {
  const zone = r.zone ?? 'America/New_York';
  const phone = extractPhone(r.contact ?? '', 'contact');
  return {
    ticketId: r.ticketId ?? '',
    ...localParts(r.at, zone),
    timeZone: zone,
    contactName: contactNameOf(r.contact),
    contactPhone: phone.ok ? phone.value : '',
    description: r.description,
  };
}

/** The reference a CTS record carries (the monitor's ownership check reads the same line). */
export const ctsReference = ctsIgzDispatchNumber;

function localParts(iso: string | undefined, zone: string): { date: string; time: string } {
  if (!iso) return { date: '', time: '' };
  // formatInstant gives "YYYY-MM-DD HH:MM <zone abbreviation>".
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})/.exec(formatInstant(iso, zone));
  return m ? { date: m[1], time: m[2] } : { date: '', time: '' };
}

/** The vendor fields a checked change rewrites, given the vendor's current record as a form. */
export function vendorChangeFields(
  vendor: DispatchVendor,
  reference: string,
  current: Omit<DispatchRequestForm, 'vendor'>,
  change: DispatchChange,
): Record<string, string> {
  const next = { ...current, ...change, vendor };
  if (vendor === 'lit') {
    const all = litRequestFields(next, reference);
    const fields: Record<string, string> = {};
    if (change.date !== undefined)
      Object.assign(fields, {
        Date_of_Dispatch: all.Date_of_Dispatch,
        Hard_Time_of_Dispatch_Local: all.Hard_Time_of_Dispatch_Local,
        Hard_Time_of_Dispatch_Time_Zone_Local: all.Hard_Time_of_Dispatch_Time_Zone_Local,
      });
    if (change.contactPhone !== undefined)
      fields.Job_Site_Contact_Name_and_Phone_Number = all.Job_Site_Contact_Name_and_Phone_Number;
    if (change.description !== undefined) fields.Scope_of_Work = all.Scope_of_Work;
    return fields;
  }
  const all = ctsRequestFields(next, reference);
  return {
    ...(change.date !== undefined ? { Local_Site_Time__c: all.Local_Site_Time__c } : {}),
    ...(change.contactPhone !== undefined || change.description !== undefined || change.timeZone !== undefined
      ? { Description__c: all.Description__c }
      : {}),
  };
}

/** The "Dispatch Requested" note: both references, so the monitor finds it whichever the vendor reports. */
export function dispatchRequestedNote(args: {
  vendor: DispatchVendor;
  reference: string;
  dispatchNumber: string;
  requestedBy: string;
}): string {
  return automationNote([
    'Dispatch Management - Dispatch Requested',
    referenceLine(args.reference),
    `${args.vendor.toUpperCase()} dispatch ${args.dispatchNumber}`,
    `Requested by ${args.requestedBy} through the dispatch portal`,
  ]);
}

/** How much of a description each side of a change note quotes (two sides stay well under Bruin's note limit). */
const QUOTED = 300;
const quote = (text: string) => `"${text.length > QUOTED ? `${text.slice(0, QUOTED - 1)}…` : text}"`;

/**
 * The note a portal change writes on the ticket (seed 002: the portal backend "updates Bruin tickets to keep support
 * people posted about the changes in the dispatch requests"): what changed, old → new, and who changed it. Phones show
 * their last four digits only. Its third line names the change, so each change is noted once however often retried.
 */
export function dispatchChangeNote(args: {
  vendor: DispatchVendor;
  dispatchNumber: string;
  /** The last part of the change's workflow ID (a digest, no PII). */
  changeId: string;
  before: Omit<DispatchRequestForm, 'vendor'>;
  change: DispatchChange;
  changedBy: string;
}): string {
  const { before, change } = args;
  const after = { ...before, ...change };
  const lines: string[] = [];
  const appointment = (f: typeof before) => `${f.date} ${f.time} (${f.timeZone})`;
  if (change.date !== undefined && appointment(after) !== appointment(before))
    lines.push(`Appointment: ${appointment(before)} → ${appointment(after)}`);
  const contact = (f: typeof before) => `${f.contactName || 'no name'}, ${phoneEnding(f.contactPhone || undefined)}`;
  if (change.contactPhone !== undefined && contact(after) !== contact(before))
    lines.push(`Site contact: ${contact(before)} → ${contact(after)}`);
  if (change.description !== undefined && after.description !== before.description)
    lines.push(`Scope of work: ${quote(before.description)} → ${quote(after.description)}`);
  return automationNote([
    'Dispatch Management - Dispatch Changed',
    `Dispatch Number: ${args.dispatchNumber} / Change: ${args.changeId}`,
    `Vendor: ${args.vendor.toUpperCase()}`,
    ...(lines.length ? lines : ["No field differed from the vendor's record."]),
    `Changed by ${args.changedBy} through the dispatch portal`,
  ]);
}
