import type { Parsed } from '../parsed';
import { ctsAppointment, ianaZone, litAppointment } from './appointment';
import { contactNameOf, ctsIgzDispatchNumber, ctsOnsiteContact, ctsTechPhoneLine, extractPhone } from './contact';
import { keyToken } from '../idempotency';
import { generalStatus, type DispatchStatus, type DispatchVendor } from './status';

/** One dispatch as the engine sees it, whatever the vendor: what the timeline workflow acts on. */
export interface DispatchSnapshot {
  vendor: DispatchVendor;
  dispatchNumber: string;
  ticketId: string;
  /** What proves the dispatch is ours in our Bruin note: LIT's dispatch number, CTS's IGZ dispatch number. */
  reference: string;
  status: DispatchStatus;
  vendorStatus: string;
  /** ISO instant. */
  appointment: string;
  /** Zone the site contact reads times in. */
  timeZone: string;
  techName: string;
  /** The technician's phone (E.164) when the vendor gave one; shown to the site contact. PII like `sitePhone`. */
  techPhone?: string;
  /**
   * E.164; PII, so it lives only in (encrypted) payloads, never in IDs, search attributes or logs. Empty in a
   * cancelled snapshot whose vendor record has no readable one: a cancel texts nobody.
   */
  sitePhone: string;
  /** The site contact's name as the vendor's contact field gives it (the technician's texts name who to ask for). */
  siteContactName?: string;
}

/** A cancel's contact fields: read when readable, empty when not (nobody is texted about a cancel). */
const lenient = <T>(parsed: Parsed<T>, fallback: T): T => (parsed.ok ? parsed.value : fallback);

const fail = (dispatchNumber: string, reason: string) => ({
  ok: false as const,
  reason: `${dispatchNumber}: ${reason}`,
});
/** An optional phone field: empty is no phone; text that holds none is invalid (the reason names the field only). */
function optionalPhone(text: string | null | undefined, field: string): Parsed<string | undefined> {
  if (!text?.trim()) return { ok: true, value: undefined };
  return extractPhone(text, field);
}

const ticketOk = (t: string | null | undefined): t is string => typeof t === 'string' && /^\d{4,12}$/.test(t.trim());

export interface LitFields {
  Dispatch_Number: string;
  MetTel_Bruin_TicketID?: string | null;
  Dispatch_Status?: string | null;
  Date_of_Dispatch?: string | null;
  Hard_Time_of_Dispatch_Local?: string | null;
  Hard_Time_of_Dispatch_Time_Zone_Local?: string | null;
  Tech_First_Name?: string | null;
  Tech_Mobile_Number?: string | null;
  Job_Site_Contact_Name_and_Phone_Number?: string | null;
}

/**
 * A LIT dispatch as a snapshot, or why it is invalid (the monitor discards it with this reason). What it must carry
 * depends on its status (seed 004): the Canceled monitor needs only the dispatch number, the ticket and the
 * appointment, so a cancelled record with an unreadable phone is still a cancel the timeline must hear of.
 */
export function litSnapshot(d: LitFields): Parsed<DispatchSnapshot> {
  const n = d.Dispatch_Number;
  if (!ticketOk(d.MetTel_Bruin_TicketID))
    return fail(n, `MetTel_Bruin_TicketID "${d.MetTel_Bruin_TicketID ?? ''}" is not a Bruin ticket ID`);
  const status = generalStatus('lit', d.Dispatch_Status ?? '');
  if (!status) return fail(n, `Dispatch_Status "${d.Dispatch_Status ?? ''}" is not a LIT status`);
  const appointment = litAppointment(d);
  if (!appointment.ok) return fail(n, appointment.reason);
  const phone = extractPhone(d.Job_Site_Contact_Name_and_Phone_Number, 'Job_Site_Contact_Name_and_Phone_Number');
  const techPhone = optionalPhone(d.Tech_Mobile_Number, 'Tech_Mobile_Number');
  const cancel = status === 'cancelled';
  if (!cancel && !phone.ok) return fail(n, phone.reason);
  if (!cancel && !techPhone.ok) return fail(n, techPhone.reason);
  return {
    ok: true,
    value: {
      vendor: 'lit',
      dispatchNumber: n,
      ticketId: d.MetTel_Bruin_TicketID.trim(),
      reference: n,
      status,
      vendorStatus: d.Dispatch_Status ?? '',
      appointment: appointment.value,
      timeZone: ianaZone(d.Hard_Time_of_Dispatch_Time_Zone_Local ?? '') ?? 'America/New_York',
      techName: d.Tech_First_Name?.trim() || 'to be assigned',
      techPhone: lenient(techPhone, undefined),
      sitePhone: lenient(phone, ''),
      ...named(contactNameOf(d.Job_Site_Contact_Name_and_Phone_Number)),
    },
  };
}

/** The contact's name when the field has one (absent, not empty, so older snapshots and new ones compare alike). */
const named = (name: string) => (name ? { siteContactName: name } : {});

export interface CtsFields {
  Name: string;
  Ext_Ref_Num__c?: string | null;
  Status__c?: string | null;
  Local_Site_Time__c?: string | null;
  Description__c?: string | null;
  API_Resource_Name__c?: string | null;
  Resource_Phone_Number__c?: string | null;
}

/**
 * A CTS dispatch as a snapshot; CTS gives UTC only, so times are shown in `timeZone` (config). A cancel needs only its
 * number, ticket and appointment, as for LIT (and not the IGZ number, which only a first sight needs).
 */
export function ctsSnapshot(d: CtsFields, timeZone: string): Parsed<DispatchSnapshot> {
  const n = d.Name;
  if (!ticketOk(d.Ext_Ref_Num__c))
    return fail(n, `Ext_Ref_Num__c "${d.Ext_Ref_Num__c ?? ''}" is not a Bruin ticket ID`);
  const reference = ctsIgzDispatchNumber(d.Description__c);
  const status = generalStatus('cts', d.Status__c ?? '');
  const cancel = status === 'cancelled';
  // A cancel without the IGZ number still reaches a running timeline; only a first sight needs it to prove it ours.
  if (!reference && !cancel) return fail(n, 'Description__c has no "IGZ Dispatch Number:"');
  if (!status) return fail(n, `Status__c "${d.Status__c ?? ''}" is not a CTS status`);
  const appointment = ctsAppointment(d.Local_Site_Time__c);
  if (!appointment.ok) return fail(n, appointment.reason);
  const phone = extractPhone(ctsOnsiteContact(d.Description__c), 'Description__c "Onsite Contact:"');
  if (!cancel && !phone.ok) return fail(n, phone.reason);
  const techPhone = d.Resource_Phone_Number__c?.trim()
    ? optionalPhone(d.Resource_Phone_Number__c, 'Resource_Phone_Number__c')
    : optionalPhone(ctsTechPhoneLine(d.Description__c), 'Description__c "Tech Phone:"');
  if (!cancel && !techPhone.ok) return fail(n, techPhone.reason);
  return {
    ok: true,
    value: {
      vendor: 'cts',
      dispatchNumber: n,
      ticketId: d.Ext_Ref_Num__c.trim(),
      reference: reference ?? '',
      status,
      vendorStatus: d.Status__c ?? '',
      appointment: appointment.value,
      timeZone,
      techName: d.API_Resource_Name__c?.trim() || 'to be assigned',
      techPhone: lenient(techPhone, undefined),
      sitePhone: lenient(phone, ''),
      ...named(contactNameOf(ctsOnsiteContact(d.Description__c))),
    },
  };
}

/**
 * A short, stable fingerprint of everything a snapshot says (fields in a fixed order): the timeline keeps
 * the last one it applied in its memo (encrypted, like every payload: it is derived from phone numbers),
 * and the monitor signals a running timeline only when the vendor's snapshot has a different one.
 */
export function snapshotFingerprint(s: DispatchSnapshot): string {
  const fields: Array<keyof DispatchSnapshot> = [
    'vendor',
    'dispatchNumber',
    'ticketId',
    'reference',
    'status',
    'vendorStatus',
    'appointment',
    'timeZone',
    'techName',
    'techPhone',
    'sitePhone',
    'siteContactName',
  ];
  return keyToken(JSON.stringify(fields.map((f) => s[f] ?? null)));
}
