import { TECH_SMS, type DispatchEvent } from './templates';
import type { TimelineState, ToldEntry } from './timeline';

/**
 * An SMS Twilio did not take within its retries is owed: the timeline sends it later, with its text as it reads then
 * (a reminder names the time left), while it still tells the recipient something. It is too late once:
 * - the visit is no longer ahead: the appointment passed, or the dispatch is on site, cancelled or completed (only
 *   "your technician has arrived" is worth sending while the technician is on site);
 * - the recipient has no phone any more (the vendor dropped the technician's);
 * - a later text of its kind went to the same recipient, or is owed to them itself: the 2 h reminder outdates an
 *   owed 12 h one, a new technician's text an owed one about the technician before. So a recipient is never sent
 *   two texts where one would do.
 */
export function owedSmsWorthSending(state: TimelineState, index: number, now: number): boolean {
  const entry = state.log[index];
  if (!entry || entry.sms !== 'owed') return false;
  const phone = entry.recipient === 'technician' ? state.snapshot.techPhone : state.snapshot.sitePhone;
  if (!phone) return false;
  const visitAhead =
    entry.event === 'tech-on-site'
      ? state.phase === 'tech-on-site'
      : state.phase === 'confirmed' && Date.parse(state.snapshot.appointment) > now;
  if (!visitAhead) return false;
  const kind = smsKind(entry);
  return !state.log
    .slice(index + 1)
    .some(
      (later) =>
        later.recipient === entry.recipient &&
        smsKind(later) === kind &&
        (later.sms === 'sent' || later.sms === 'already-sent' || later.sms === 'owed'),
    );
}

/**
 * What a text tells its recipient, where a later one of the same kind makes an earlier one moot: the reminders; the
 * technician's booking (their confirmation, also sent to a new technician); the site's confirmation (also sent to a new
 * site contact); the technician change; the arrival.
 */
function smsKind(entry: ToldEntry): string {
  const event: DispatchEvent = entry.event;
  if (event === 'reminder-12h' || event === 'reminder-2h') return 'reminder';
  if (entry.recipient === 'technician') return TECH_SMS[event] ?? event;
  return event === 'site-contact-changed' ? 'confirmed' : event;
}

/** Every owed SMS that is no longer worth sending at `now` marked `too-late` (its owed step dropped). */
export function owedSmsSettled(state: TimelineState, now: number): TimelineState {
  if (!state.log.some((l) => l.sms === 'owed')) return state;
  const log = state.log.map((entry, i) =>
    entry.sms === 'owed' && !owedSmsWorthSending(state, i, now)
      ? { ...entry, sms: 'too-late' as const, owedSmsStep: undefined }
      : entry,
  );
  return { ...state, log };
}
