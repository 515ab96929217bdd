import { AUTOMATION_MARKER } from '../ticket-notes';
import type { Parsed } from '../parsed';

// A NANP number: optional +1 / 1, area code and exchange starting 2-9, in the usual separators.
const US_PHONE = /(?<![\d+])(?:\+?1[\s.-]?)?\(?([2-9]\d{2})\)?[\s.-]?([2-9]\d{2})[\s.-]?(\d{4})(?!\d)/;

/**
 * The first US phone number in free text, as E.164. The reason for a rejection names the field but
 * never repeats its text (a contact's name and number are PII).
 */
export function extractPhone(text: string | null | undefined, field: string): Parsed<string> {
  const m = US_PHONE.exec(text ?? '');
  if (!m) return { ok: false, reason: `${field} holds no US phone number` };
  return { ok: true, value: `+1${m[1]}${m[2]}${m[3]}` };
}

/** The name in a contact field that reads "name phone" (`Jane Doe +1 305-555-0100`): the text before the number. */
export const contactNameOf = (contact: string | null | undefined): string =>
  (contact ?? '').replace(/[+\d(][\d\s().+-]*$/, '').trim();

/**
 * The technician's phone a CTS description may carry (seed 004: "tech phone (`Description__c`,
 * `Resource_Phone_Number__c`)"): a `Tech Phone:`, `Technician Phone:` or `Resource Phone:` line.
 */
export function ctsTechPhoneLine(description: string | null | undefined): string | undefined {
  return /^\s*(?:Tech|Technician|Resource) Phone(?: Number)?:\s*([^\n]+)/im.exec(description ?? '')?.[1]?.trim();
}

/** `IGZ Dispatch Number: IGZ-0001` in a CTS description: the reference our dispatch portal gave. */
export function ctsIgzDispatchNumber(description: string | null | undefined): string | undefined {
  return /IGZ Dispatch Number:\s*([A-Za-z0-9-]+)/.exec(description ?? '')?.[1];
}

/** The `Onsite Contact:` line of a CTS description. */
export function ctsOnsiteContact(description: string | null | undefined): string | undefined {
  return /Onsite Contact:\s*([^\n]+)/.exec(description ?? '')?.[1]?.trim();
}

/**
 * Whether a dispatch is ours: the reference (LIT's dispatch number, CTS's IGZ dispatch number) is
 * written, as a whole word, in one of our automation notes on its Bruin ticket.
 */
export function isOurDispatch(reference: string, notes: ReadonlyArray<{ noteValue: string | null }>): boolean {
  if (!reference) return false;
  const word = new RegExp(`(^|[^A-Za-z0-9-])${reference.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z0-9-]|$)`);
  return notes.some((n) => (n.noteValue ?? '').startsWith(AUTOMATION_MARKER) && word.test(n.noteValue ?? ''));
}
