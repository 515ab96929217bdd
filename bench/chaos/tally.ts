// What the chaos run should have delivered against what the sandbox's vendors and channels received:
// per kind of side effect, expected / delivered / duplicates / lost / unexpected.
import { NOTE_TITLES, type DispatchEvent } from '../../domain/dispatch/templates';
import { REMINDERS } from '../../domain/dispatch/timeline';
import { isOutageNote } from '../../domain/outage';
import { FLAPPING_TITLE } from '../../domain/flapping';
import type { SandboxState } from '../../sandbox/state';
import type { ChaosPlan, DispatchGroup, PlannedDispatch } from './scenario';

export interface TallyRow {
  what: string;
  expected: number;
  /** Distinct side effects the vendor or channel holds that the plan expects. */
  delivered: number;
  /** The same side effect more than once (a retried write or send that went through twice). */
  duplicates: number;
  /** Expected side effects nowhere to be found. */
  lost: number;
  /** Distinct side effects the plan does not expect. */
  unexpected: number;
}

/** Counts per key: the expected set against the keys found (with repeats). */
function compare(what: string, expected: Iterable<string>, found: Iterable<string>): TallyRow {
  const want = new Set(expected);
  const seen = new Map<string, number>();
  for (const key of found) seen.set(key, (seen.get(key) ?? 0) + 1);
  let delivered = 0;
  let duplicates = 0;
  let unexpected = 0;
  for (const [key, times] of seen) {
    duplicates += times - 1;
    if (want.has(key)) delivered++;
    else unexpected++;
  }
  return { what, expected: want.size, delivered, duplicates, lost: want.size - delivered, unexpected };
}

const GROUP_EVENTS: Record<DispatchGroup, DispatchEvent[]> = {
  'reminder-2h': ['confirmed', 'reminder-2h'],
  'reminder-12h': ['confirmed', 'reminder-12h'],
  'on-site': ['confirmed', 'tech-on-site'],
  cancel: ['confirmed', 'cancel-requested'],
};
const SMS_EVENT_TEXT: Array<[DispatchEvent, RegExp]> = [
  ['confirmed', /visit is confirmed|you are booked for a field service visit/],
  ['tech-on-site', /has arrived on site/],
  ['tech-changed', /the technician for your visit/],
];
/**
 * A dispatch confirmed after a reminder's time already told the visit's time: the engine skips that reminder (the
 * reminder rule in docs/processes/dispatch.md), so it is not expected. The engine's own confirmation time (its
 * timeline's `confirmedAt`) decides it exactly. Without it, the confirmation SMS's arrival stands in, and within
 * `UNSURE_MS` of the reminder's time that clock cannot tell the engine's decision (a retried confirmation arrives
 * late), so a reminder there is neither expected nor unexpected. Retries under kills and faults can hold an SMS for
 * minutes, past any such margin: hence the timeline's own time where the run has it.
 */
const UNSURE_MS = 60_000;
export type ReminderDue = 'expected' | 'covered' | 'unsure';
export function reminderDue(
  plan: ChaosPlan,
  state: SandboxState,
  confirmedAt: ReadonlyMap<string, number> = new Map(),
): Map<string, ReminderDue> {
  const textedAt = new Map<string, number>();
  const byPhone = new Map(plan.dispatches.map((d) => [d.sitePhone, d.dispatchNumber]));
  for (const m of state.outbox.sms) {
    const number = byPhone.get(m.to);
    if (!number || smsEvent(m.body) !== 'confirmed') continue;
    textedAt.set(number, Math.min(textedAt.get(number) ?? Infinity, Date.parse(m.receivedAt)));
  }
  const due = new Map<string, ReminderDue>();
  for (const d of plan.dispatches) {
    const lead = REMINDERS.find((r) => r.event === d.group)?.beforeMs;
    if (lead === undefined) continue;
    const dueAt = Date.parse(d.appointment) - lead;
    const confirmed = confirmedAt.get(d.dispatchNumber);
    if (confirmed !== undefined) {
      due.set(d.dispatchNumber, confirmed < dueAt ? 'expected' : 'covered');
      continue;
    }
    const sentAt = textedAt.get(d.dispatchNumber);
    // Never confirmed (lost) or no clock: the reminder is expected, so a loss shows.
    const late = sentAt === undefined || Number.isNaN(sentAt) ? 0 : sentAt - dueAt;
    due.set(d.dispatchNumber, late <= 0 ? 'expected' : late > UNSURE_MS ? 'covered' : 'unsure');
  }
  return due;
}

/** A reminder names the time left ("about 12 hours" on time, less when late): more than 6 hours is the 12 h one. */
function reminderEvent(body: string): DispatchEvent | undefined {
  const left = /(?:will be on site|is) in about (\d+ hours?|an hour|\d+ minutes?),/.exec(body)?.[1];
  if (!left) return undefined;
  return /^\d+ hours$/.test(left) && Number.parseInt(left, 10) > 6 ? 'reminder-12h' : 'reminder-2h';
}
const smsEvent = (body: string) =>
  reminderEvent(body) ?? SMS_EVENT_TEXT.find(([, re]) => re.test(body))?.[0] ?? 'unknown';
const titleEvent = new Map(Object.entries(NOTE_TITLES).map(([event, title]) => [title, event]));
const AUTO_RESOLVE = /^Auto-resolving ticket: device (\S+) is healthy again\./m;
const FLAPPING = new RegExp(`^${FLAPPING_TITLE}$`, 'm');

/**
 * The tally after `cycles` outage cycles. A steady edge: one ticket, one outage note (later cycles
 * find it in progress). A flapping edge, down in odd cycles: one ticket (unresolved, not recreated),
 * an outage note per down cycle, an auto-resolve note per up cycle after one; one Slack alert per ticket.
 * With flap damping (`flapTransitions` > 0) a flapping edge changes state every cycle, so it is found flapping
 * in cycle `flapTransitions`: its notes stop there (held open, never stable long enough in a run), and its
 * ticket gets one flapping note. `confirmedAt`: each dispatch's confirmation time as its timeline recorded it.
 */
export function tallyChaos(
  plan: ChaosPlan,
  cycles: number,
  state: SandboxState,
  flapTransitions = 0,
  confirmedAt: ReadonlyMap<string, number> = new Map(),
): TallyRow[] {
  const found = flapTransitions > 0 && flapTransitions <= cycles;
  // Down in odd cycles up to the one it is found flapping in; up in even ones before it.
  const downCycles = Math.ceil((found ? flapTransitions : cycles) / 2);
  const upCycles = Math.floor((found ? flapTransitions - 1 : cycles) / 2);
  const faulty = cycles > 0 ? [...plan.steadyDown, ...plan.flapping] : [];
  const tickets = Object.values(state.vendors.bruin.tickets).filter((t) => t.category === 'VOO');
  const serialOf = new Map(tickets.map((t) => [String(t.id), String(t.serviceNumber)]));
  const notes = Object.values(state.vendors.bruin.notes).map((n) => ({
    ticketId: String(n.ticketId),
    text: String(n.noteValue ?? ''),
  }));
  const outageNotes = notes.filter((n) => serialOf.has(n.ticketId) && isOutageNote(n.text));
  // A note's identity is its text; its number in the cycle order is how many such notes a ticket should hold.
  const numbered = (list: Array<{ ticketId: string; text: string }>) => {
    const distinct = new Map<string, string[]>();
    for (const n of list) {
      const serial = serialOf.get(n.ticketId)!;
      const texts = distinct.get(serial) ?? [];
      if (!texts.includes(n.text)) texts.push(n.text);
      distinct.set(serial, texts);
    }
    return list.map((n) => {
      const serial = serialOf.get(n.ticketId)!;
      return `${serial}#${distinct.get(serial)!.indexOf(n.text) + 1}`;
    });
  };
  const perSerial = (serials: string[], times: (serial: string) => number) =>
    serials.flatMap((s) => Array.from({ length: times(s) }, (_, i) => `${s}#${i + 1}`));
  const flapping = new Set(plan.flapping);
  const resolveNotes = notes.filter((n) => serialOf.has(n.ticketId) && AUTO_RESOLVE.test(n.text));

  const slackTicket = /^Outage ticket (\d+) created/;
  const dispatchByPhone = new Map(plan.dispatches.map((d) => [d.sitePhone, d]));
  const dispatchByTechPhone = new Map(plan.dispatches.map((d) => [d.techPhone, d]));
  /** What the site contact is texted (reminders included), and the technician: their confirmation and reminders. */
  const textedEvents = (d: PlannedDispatch, who: 'site' | 'technician') =>
    dispatchEvents(d)
      .filter((e) => e !== 'cancel-requested' && (who === 'site' || e === 'confirmed' || e.startsWith('reminder-')))
      .map((e) => `${d.dispatchNumber}:${e}`)
      .filter(sure);
  const textsTo = (byPhone: Map<string, PlannedDispatch>) =>
    state.outbox.sms
      .filter((m) => byPhone.has(m.to) || !(dispatchByPhone.has(m.to) || dispatchByTechPhone.has(m.to)))
      .map((m) => `${byPhone.get(m.to)?.dispatchNumber ?? m.to}:${smsEvent(m.body)}`)
      .filter(sure);
  const dispatchByNumber = new Map(plan.dispatches.map((d) => [d.dispatchNumber, d]));
  const dispatchNotes = notes.flatMap((n) => {
    const [, titleLine = '', numberLine = ''] = n.text.split('\n');
    const event = titleEvent.get(titleLine.replace(/^Dispatch Management - /, ''));
    const number = /^Dispatch Number: (\S+)/.exec(numberLine)?.[1];
    return event && number && dispatchByNumber.has(number) ? [`${number}:${event}`] : [];
  });
  const cancels = plan.dispatches.filter((d) => d.group === 'cancel');
  const reminders = reminderDue(plan, state, confirmedAt);
  const dispatchEvents = (d: PlannedDispatch) =>
    GROUP_EVENTS[d.group].filter((e) => e === 'confirmed' || reminders.get(d.dispatchNumber) !== 'covered');
  // A reminder the run cannot call due or not: left out of both sides.
  const sure = (key: string) => {
    const [number, event] = key.split(':');
    return !(event?.startsWith('reminder-') && reminders.get(number!) === 'unsure');
  };
  const cancelEmails = state.outbox.emails.filter((e) => /^Cancel dispatch (\S+)/.test(e.subject));

  return [
    compare(
      'outage tickets',
      faulty,
      tickets.map((t) => String(t.serviceNumber)),
    ),
    compare(
      'outage notes',
      perSerial(faulty, (s) => (flapping.has(s) ? downCycles : 1)),
      numbered(outageNotes),
    ),
    compare(
      'auto-resolve notes',
      perSerial(plan.flapping, () => (cycles > 0 ? upCycles : 0)),
      numbered(resolveNotes),
    ),
    compare(
      'flapping notes',
      found ? plan.flapping : [],
      notes.flatMap((n) => (serialOf.has(n.ticketId) && FLAPPING.test(n.text) ? [serialOf.get(n.ticketId)!] : [])),
    ),
    compare(
      'Slack ticket alerts',
      faulty,
      state.outbox.slack.flatMap((m) => {
        const ticketId = slackTicket.exec(m.text)?.[1];
        return ticketId ? [serialOf.get(ticketId) ?? `unknown ticket ${ticketId}`] : [];
      }),
    ),
    compare(
      'dispatch SMS (site contact)',
      plan.dispatches.flatMap((d) => textedEvents(d, 'site')),
      textsTo(dispatchByPhone),
    ),
    compare(
      'dispatch SMS (technician)',
      plan.dispatches.flatMap((d) => textedEvents(d, 'technician')),
      state.outbox.sms
        .filter((m) => dispatchByTechPhone.has(m.to))
        .map((m) => `${dispatchByTechPhone.get(m.to)!.dispatchNumber}:${smsEvent(m.body)}`)
        .filter(sure),
    ),
    compare(
      'dispatch notes',
      plan.dispatches.flatMap((d) => dispatchEvents(d).map((e) => `${d.dispatchNumber}:${e}`)).filter(sure),
      dispatchNotes.filter(sure),
    ),
    compare(
      'cancel-request emails (by Message-ID)',
      cancels.map((d) => d.dispatchNumber),
      // One Message-ID is one email to its receivers: copies under it are the documented SMTP window.
      [...new Map(cancelEmails.map((e) => [e.messageId, /^Cancel dispatch (\S+)/.exec(e.subject)![1]])).values()],
    ),
  ];
}

/** Emails sent again under a Message-ID already sent (SMTP cannot be asked; receivers drop them). */
export const resentEmails = (state: SandboxState): number =>
  state.outbox.emails.length - new Set(state.outbox.emails.map((e) => e.messageId)).size;
