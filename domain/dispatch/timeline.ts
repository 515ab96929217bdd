import type { DispatchSnapshot } from './snapshot';
import type { DispatchEvent } from './templates';

/**
 * The dispatch timeline as a pure state machine (seed 004): what a new vendor snapshot, a due
 * reminder or an ops cancel request does to the timeline, and which events the site contact and
 * the ticket must be told of. The workflow only waits, applies, and performs the events.
 */

export type Reminder = 'reminder-12h' | 'reminder-2h';
export const REMINDERS: ReadonlyArray<{ event: Reminder; beforeMs: number }> = [
  { event: 'reminder-12h', beforeMs: 12 * 3_600_000 },
  { event: 'reminder-2h', beforeMs: 2 * 3_600_000 },
];

export type TimelinePhase = 'requested' | 'confirmed' | 'tech-on-site' | 'cancelled' | 'completed';
export type ReminderState = 'pending' | 'sent' | 'skipped' | 'dropped';

/** What became of an event's SMS (`ToldEntry.sms`). */
export const SMS_OUTCOMES = ['sent', 'already-sent', 'failed', 'owed', 'too-late', 'none', 'intended'] as const;
/** What became of an event's Bruin note (`ToldEntry.note`). */
export const NOTE_OUTCOMES = ['written', 'already-there', 'failed', 'intended', 'owed', 'none'] as const;

/** What one told event did: the SMS (for events the site is told of) and the Bruin note. */
export interface ToldEntry {
  event: DispatchEvent;
  /** Who the SMS went to: the technician has their own line; absent, the site contact. */
  recipient?: 'technician';
  at: string;
  /**
   * owed: Twilio did not take it within its retries; the timeline sends it later (`owedSmsStep`) while it is worth
   * sending (`owedSmsWorthSending`). too-late: it was owed until it no longer was.
   */
  sms: (typeof SMS_OUTCOMES)[number];
  /** owed: Bruin could not take it in time; the timeline writes it later (`owedNote`), it is not dropped. none: the technician's line (the site contact's line has the note). */
  note: (typeof NOTE_OUTCOMES)[number];
  /** The text of an owed note, as it was composed when the event happened. */
  owedNote?: string;
  /** The ledger step of an owed SMS (its text is composed when it is sent: a reminder names the time left then). */
  owedSmsStep?: string;
}

export interface TimelineState {
  snapshot: DispatchSnapshot;
  phase: TimelinePhase;
  confirmedAt?: string;
  onSiteAt?: string;
  cancelRequestedAt?: string;
  /** pending → sent; skipped when its time had passed at confirmation (or after a move); dropped on site/cancel. */
  reminders: Record<Reminder, ReminderState>;
  /** The technician and time the site contact was last told. */
  toldTech?: string;
  toldAppointment?: string;
  /** The site contact's phone that was last texted the confirmation (timelines that text each recipient). */
  toldSitePhone?: string;
  /** How many technicians, and site contacts, were confirmed so far: each one's confirmation has its own ledger key. */
  technicians?: number;
  siteContacts?: number;
  /** The site's address from the ticket, read once for the technician's texts ('' when Bruin gave none). */
  siteAddress?: string;
  /** Every event acted on, with what went out. */
  log: ToldEntry[];
}

/**
 * Which rules a timeline runs by: `perRecipient` texts the technician beside the site contact and a new site contact
 * its confirmation (timelines that started before keep to the site contact alone).
 */
export interface TimelineRules {
  perRecipient?: boolean;
}

/** A new state and the events to tell, in order. */
export interface Transition {
  state: TimelineState;
  events: DispatchEvent[];
}

export const initialTimeline = (snapshot: DispatchSnapshot): TimelineState => ({
  snapshot,
  phase: 'requested',
  reminders: { 'reminder-12h': 'pending', 'reminder-2h': 'pending' },
  log: [],
});

export const isFinished = (state: TimelineState): boolean => state.phase === 'cancelled' || state.phase === 'completed';

const iso = (ms: number) => new Date(ms).toISOString();

/** (Re)computed reminders after a confirmation or a move: one whose time has passed is skipped, never sent late. */
function scheduled(
  reminders: TimelineState['reminders'],
  appointment: string,
  now: number,
): TimelineState['reminders'] {
  const next = { ...reminders };
  for (const { event, beforeMs } of REMINDERS) {
    if (next[event] === 'sent' || next[event] === 'dropped') continue;
    next[event] = Date.parse(appointment) - beforeMs > now ? 'pending' : 'skipped';
  }
  return next;
}

function dropped(reminders: TimelineState['reminders']): TimelineState['reminders'] {
  const next = { ...reminders };
  for (const { event } of REMINDERS) if (next[event] === 'pending') next[event] = 'dropped';
  return next;
}

/**
 * The vendor's latest snapshot applied to the timeline:
 * - confirmed (first time) → reminders scheduled, `confirmed` told;
 * - confirmed again → `tech-changed` for a new technician, `rescheduled` (reminders recomputed) for a new time,
 *   `site-contact-changed` for a new site contact's phone (per-recipient rules);
 * - tech on site → pending reminders dropped, `tech-on-site` told once;
 * - cancelled → reminders dropped, `cancelled` told, the timeline ends;
 * - completed → reminders dropped, the timeline ends; requested → nothing yet.
 */
export function transition(
  state: TimelineState,
  snapshot: DispatchSnapshot,
  now: number,
  rules: TimelineRules = {},
): Transition {
  const s: TimelineState = { ...state, snapshot };
  switch (snapshot.status) {
    case 'requested':
      return { state: s, events: [] };
    case 'confirmed': {
      if (s.phase === 'requested') {
        return {
          state: {
            ...s,
            phase: 'confirmed',
            confirmedAt: iso(now),
            toldTech: snapshot.techName,
            toldAppointment: snapshot.appointment,
            reminders: scheduled(s.reminders, snapshot.appointment, now),
            ...(rules.perRecipient ? { toldSitePhone: snapshot.sitePhone, technicians: 1, siteContacts: 1 } : {}),
          },
          events: ['confirmed'],
        };
      }
      if (s.phase !== 'confirmed') return { state: s, events: [] };
      const events: DispatchEvent[] = [];
      let next = s;
      if (snapshot.techName !== s.toldTech) {
        next = { ...next, toldTech: snapshot.techName };
        if (rules.perRecipient) next.technicians = (next.technicians ?? 1) + 1;
        events.push('tech-changed');
      }
      if (rules.perRecipient && snapshot.sitePhone && snapshot.sitePhone !== s.toldSitePhone) {
        next = { ...next, toldSitePhone: snapshot.sitePhone };
        // A timeline confirmed by the rules before knows no texted phone: it learns this one, texting nobody.
        if (s.toldSitePhone !== undefined) {
          next.siteContacts = (next.siteContacts ?? 1) + 1;
          events.push('site-contact-changed');
        }
      }
      if (snapshot.appointment !== s.toldAppointment) {
        next = {
          ...next,
          toldAppointment: snapshot.appointment,
          reminders: scheduled(next.reminders, snapshot.appointment, now),
        };
        events.push('rescheduled');
      }
      return { state: next, events };
    }
    case 'tech-on-site':
      if (s.phase === 'tech-on-site') return { state: s, events: [] };
      return {
        state: { ...s, phase: 'tech-on-site', onSiteAt: iso(now), reminders: dropped(s.reminders) },
        events: ['tech-on-site'],
      };
    case 'cancelled':
      return { state: { ...s, phase: 'cancelled', reminders: dropped(s.reminders) }, events: ['cancelled'] };
    case 'completed':
      return { state: { ...s, phase: 'completed', reminders: dropped(s.reminders) }, events: [] };
  }
}

/** The pending reminder due first, while the dispatch is confirmed. */
export function nextReminder(state: TimelineState): { event: Reminder; at: string } | undefined {
  if (state.phase !== 'confirmed') return undefined;
  const due = REMINDERS.filter(({ event }) => state.reminders[event] === 'pending')
    .map(({ event, beforeMs }) => ({ event, at: Date.parse(state.snapshot.appointment) - beforeMs }))
    .sort((a, b) => a.at - b.at)[0];
  return due ? { event: due.event, at: iso(due.at) } : undefined;
}

/**
 * A due reminder, as timelines before one-reminder-per-wake told it: sent while the appointment is still
 * ahead (even if the worker was down past its time), else skipped; the next due one followed at once.
 */
export function remind(state: TimelineState, event: Reminder, now: number): Transition {
  const ahead = Date.parse(state.snapshot.appointment) > now;
  return {
    state: { ...state, reminders: { ...state.reminders, [event]: ahead ? 'sent' : 'skipped' } },
    events: ahead ? [event] : [],
  };
}

/**
 * The reminders due at `now`, told as one: the last one due fits the time left and is sent (its text names
 * that time); earlier ones are skipped. After hours of downtime a 12 h reminder that wakes 2 h before the
 * visit is skipped for the 2 h one, never sent beside it. Past the appointment, none is sent.
 */
export function remindDue(state: TimelineState, now: number): Transition {
  const appointment = Date.parse(state.snapshot.appointment);
  const due = REMINDERS.filter(
    ({ event, beforeMs }) => state.reminders[event] === 'pending' && appointment - beforeMs <= now,
  )
    .sort((a, b) => b.beforeMs - a.beforeMs)
    .map(({ event }) => event);
  const fitting = appointment > now ? due.at(-1) : undefined;
  const reminders = { ...state.reminders };
  for (const event of due) reminders[event] = event === fitting ? 'sent' : 'skipped';
  return { state: { ...state, reminders }, events: fitting ? [fitting] : [] };
}

/**
 * When the timeline ends by itself: LIT never reports completion, so `completeAfterMs` after tech on
 * site (or after the appointment when on site never came); CTS's fallback too.
 */
export function finishDeadline(state: TimelineState, completeAfterMs: number): number {
  if (state.phase === 'tech-on-site') return Date.parse(state.onSiteAt!) + completeAfterMs;
  if (state.phase === 'confirmed') return Date.parse(state.snapshot.appointment) + completeAfterMs;
  return Infinity;
}

/** The finish deadline passed: the timeline is completed. */
export const complete = (state: TimelineState): Transition => ({ state: { ...state, phase: 'completed' }, events: [] });

/** An ops cancel request: told (vendor email + note) once, and only while the timeline is live. */
export function requestCancel(state: TimelineState, now: number): Transition {
  if (isFinished(state) || state.cancelRequestedAt) return { state, events: [] };
  return { state: { ...state, cancelRequestedAt: iso(now) }, events: ['cancel-requested'] };
}
