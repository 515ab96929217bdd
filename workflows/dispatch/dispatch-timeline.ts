import {
  ActivityFailure, allHandlersFinished, condition, continueAsNew, defineQuery, defineSignal, log, setCurrentDetails, setHandler, upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import {
  cancelRequestEmail, dispatchNote, dispatchSms, noteAlreadyWritten, SMS_EVENTS, type DispatchEvent, type DispatchFacts, type DispatchSnapshot,
} from '../../domain/dispatch';
import { formatInstant } from '../../domain/time';
import { SearchAttr } from '../../domain/search-attributes';
import { bruin, bruinOptions, notifier, notifierOptions } from '../activities';

type Reminder = 'reminder-12h' | 'reminder-2h';
const REMINDERS: Array<{ event: Reminder; beforeMs: number }> = [
  { event: 'reminder-12h', beforeMs: 12 * 3_600_000 },
  { event: 'reminder-2h', beforeMs: 2 * 3_600_000 },
];

export type TimelinePhase = 'requested' | 'confirmed' | 'tech-on-site' | 'cancelled' | 'completed';

export interface TimelineState {
  snapshot: DispatchSnapshot;
  phase: TimelinePhase;
  confirmedAt?: string;
  onSiteAt?: string;
  cancelRequestedAt?: string;
  /** pending → sent; skipped when its time had passed at confirmation (or after a move); dropped on site/cancel. */
  reminders: Record<Reminder, 'pending' | 'sent' | 'skipped' | 'dropped'>;
  /** The technician and time the site contact was last told. */
  toldTech?: string;
  toldAppointment?: string;
  /** Every event acted on, with what went out. */
  log: Array<{ event: DispatchEvent; at: string; sms: 'sent' | 'already-sent' | 'failed' | 'none'; note: 'written' | 'already-there' | 'failed' }>;
}

export interface DispatchTimelineInput {
  snapshot: DispatchSnapshot;
  /** LIT never reports completion: finish this many hours after tech on site (or the appointment). Also CTS's fallback. */
  completeAfterHours?: number;
  /** Where the vendor takes cancellation requests (config: LIT_CANCEL_EMAIL / CTS_CANCEL_EMAIL). */
  cancelEmail?: string;
  /** History events per run before continuing as new (default 2,000). */
  historyBudget?: number;
  /** Carried by continue-as-new. */
  state?: TimelineState;
  pending?: DispatchSnapshot[];
}

/** The monitor's latest view of the dispatch (signal-with-start). */
export const dispatchUpdated = defineSignal<[DispatchSnapshot]>('dispatchUpdated');
/** Ops ask for the dispatch to be cancelled: the vendor gets the request by email; its cancelled status ends the timeline. */
export const cancelRequested = defineSignal<[{ reason: string }]>('cancelRequested');
/** The timeline as JSON: phase, reminders, next reminder, what was sent. */
export const timelineQuery = defineQuery<TimelineState & { nextReminder?: { event: Reminder; at: string } }>('timeline');

// Long-lived: keep each run's history short; the state travels with continue-as-new.
const HISTORY_EVENTS_BUDGET = 2_000;

/**
 * One dispatch, from request to completion: SMS and a Bruin note when it is confirmed, 12 h and 2 h
 * before the appointment, when the technician changes and when the tech is on site; a note when it
 * is rescheduled or cancelled. Every side effect is idempotent: the SMS ledger (workflow ID + step)
 * and the notes already on the ticket.
 */
export async function dispatchTimeline(input: DispatchTimelineInput): Promise<TimelineState> {
  const completeAfterMs = (input.completeAfterHours ?? 24) * 3_600_000;
  const state: TimelineState = input.state ?? { snapshot: input.snapshot, phase: 'requested', reminders: { 'reminder-12h': 'pending', 'reminder-2h': 'pending' }, log: [] };
  const pending: DispatchSnapshot[] = [...(input.pending ?? [])];
  let cancelReason: string | undefined;
  setHandler(dispatchUpdated, (s) => { pending.push(s); });
  // The first request's reason is the one sent; later requests are already covered.
  setHandler(cancelRequested, ({ reason }) => { cancelReason ??= reason || 'no reason given'; });
  setHandler(timelineQuery, () => ({ ...state, nextReminder: nextReminder(state) }));
  if (!input.state) pending.unshift(input.snapshot);

  while (!finished(state)) {
    const reminder = nextReminder(state);
    const finishAt = finishDeadline(state, completeAfterMs);
    const wakeAt = Math.min(reminder ? Date.parse(reminder.at) : Infinity, finishAt);
    show(state);
    const ready = () => pending.length > 0 || cancelReason !== undefined;
    const woken = await (Number.isFinite(wakeAt) ? condition(ready, Math.max(1, wakeAt - Date.now())) : condition(ready).then(() => true));
    if (cancelReason !== undefined) {
      const reason = cancelReason;
      cancelReason = undefined;
      await requestCancel(state, reason, input.cancelEmail);
    }
    if (woken) {
      while (pending.length > 0 && !finished(state)) await apply(state, pending.shift()!);
    } else if (reminder && Date.parse(reminder.at) <= Date.now()) {
      await remind(state, reminder.event);
    } else if (finishAt <= Date.now()) {
      state.phase = 'completed';
    }
    if (workflowInfo().historyLength > (input.historyBudget ?? HISTORY_EVENTS_BUDGET) || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof dispatchTimeline>({ ...input, snapshot: state.snapshot, state, pending });
    }
  }
  show(state);
  upsertSearchAttributes([{ key: SearchAttr.Outcome, value: state.phase }]);
  return state;
}

const finished = (state: TimelineState): boolean => state.phase === 'cancelled' || state.phase === 'completed';

async function apply(state: TimelineState, s: DispatchSnapshot): Promise<void> {
  state.snapshot = s;
  const now = Date.now();
  switch (s.status) {
    case 'requested':
      return;
    case 'confirmed':
      if (state.phase === 'requested') {
        state.phase = 'confirmed';
        state.confirmedAt = new Date(now).toISOString();
        state.toldTech = s.techName;
        state.toldAppointment = s.appointment;
        schedule(state, now);
        await tell(state, 'confirmed');
        return;
      }
      if (state.phase !== 'confirmed') return;
      if (s.techName !== state.toldTech) {
        state.toldTech = s.techName;
        await tell(state, 'tech-changed');
      }
      if (s.appointment !== state.toldAppointment) {
        state.toldAppointment = s.appointment;
        schedule(state, now);
        await tell(state, 'rescheduled');
      }
      return;
    case 'tech-on-site':
      if (state.phase === 'tech-on-site') return;
      state.phase = 'tech-on-site';
      state.onSiteAt = new Date(now).toISOString();
      drop(state);
      await tell(state, 'tech-on-site');
      return;
    case 'cancelled':
      drop(state);
      await tell(state, 'cancelled');
      state.phase = 'cancelled';
      return;
    case 'completed':
      drop(state);
      state.phase = 'completed';
      return;
  }
}

/** (Re)computes reminders after a confirmation or a move: one whose time has passed is skipped, never sent late. */
function schedule(state: TimelineState, now: number): void {
  for (const { event, beforeMs } of REMINDERS) {
    if (state.reminders[event] === 'sent' || state.reminders[event] === 'dropped') continue;
    state.reminders[event] = Date.parse(state.snapshot.appointment) - beforeMs > now ? 'pending' : 'skipped';
  }
}

function drop(state: TimelineState): void {
  for (const { event } of REMINDERS) if (state.reminders[event] === 'pending') state.reminders[event] = 'dropped';
}

function nextReminder(state: TimelineState): { event: Reminder; at: string } | undefined {
  if (state.phase !== 'confirmed') return undefined;
  const due = REMINDERS.filter(({ event }) => state.reminders[event] === 'pending')
    .map(({ event, beforeMs }) => ({ event, at: Date.parse(state.snapshot.appointment) - beforeMs }))
    .sort((a, b) => a.at - b.at)[0];
  return due ? { event: due.event, at: new Date(due.at).toISOString() } : undefined;
}

function finishDeadline(state: TimelineState, completeAfterMs: number): number {
  if (state.phase === 'tech-on-site') return Date.parse(state.onSiteAt!) + completeAfterMs;
  if (state.phase === 'confirmed') return Date.parse(state.snapshot.appointment) + completeAfterMs;
  return Infinity;
}

/** Emails the vendor's cancellation desk once (ledger) and notes it on the ticket; the vendor's status decides. */
async function requestCancel(state: TimelineState, reason: string, cancelEmail: string | undefined): Promise<void> {
  if (finished(state) || state.cancelRequestedAt) return;
  const s = state.snapshot;
  if (!cancelEmail) {
    log.warn('cancellation requested but no vendor cancel address configured', { dispatchNumber: s.dispatchNumber });
    return;
  }
  state.cancelRequestedAt = new Date(Date.now()).toISOString();
  const email = cancelRequestEmail(facts(s), reason);
  await notifier.sendEmail.executeWithOptions({ ...notifierOptions, summary: `Cancel request for dispatch ${s.dispatchNumber} to ${s.vendor.toUpperCase()}` },
    [{ step: 'cancel-request', businessId: s.dispatchNumber, to: cancelEmail, ...email }]);
  await tell(state, 'cancel-requested');
}

async function remind(state: TimelineState, event: Reminder): Promise<void> {
  // The reminder is due: even if the worker was down past its time, the appointment is still ahead.
  if (Date.parse(state.snapshot.appointment) <= Date.now()) {
    state.reminders[event] = 'skipped';
    return;
  }
  state.reminders[event] = 'sent';
  await tell(state, event);
}

const facts = (s: DispatchSnapshot): DispatchFacts => ({ vendor: s.vendor, dispatchNumber: s.dispatchNumber, ticketId: s.ticketId, appointment: s.appointment, timeZone: s.timeZone, techName: s.techName });

/** SMS (for events the site is told of) and the Bruin note, each at most once. */
async function tell(state: TimelineState, event: DispatchEvent): Promise<void> {
  const s = state.snapshot;
  const f = facts(s);
  const entry: TimelineState['log'][number] = { event, at: new Date(Date.now()).toISOString(), sms: 'none', note: 'written' };
  if ((SMS_EVENTS as readonly string[]).includes(event)) {
    // The step carries what makes a second message legitimate (a new technician), nothing else.
    const step = event === 'tech-changed' ? `sms:tech-changed:${s.techName}` : `sms:${event}`;
    try {
      const sent = await notifier.sendSms.executeWithOptions({ ...notifierOptions, summary: `SMS ${event} for dispatch ${s.dispatchNumber}` },
        [{ step, businessId: s.dispatchNumber, to: s.sitePhone, body: dispatchSms(event as (typeof SMS_EVENTS)[number], f) }]);
      entry.sms = sent.outcome;
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      entry.sms = 'failed'; // e.g. a number Twilio refuses: the note still tells the ticket
    }
  }
  try {
    const notes = await bruin.ticketNotes.executeWithOptions({ ...bruinOptions, summary: `Ticket ${s.ticketId}: notes (dispatch ${s.dispatchNumber})` }, [{ ticketId: s.ticketId }]);
    if (noteAlreadyWritten(event, f, notes)) {
      entry.note = 'already-there';
    } else {
      await bruin.appendTicketNote.executeWithOptions({ ...bruinOptions, summary: `Ticket ${s.ticketId}: note ${event} (dispatch ${s.dispatchNumber})` }, [{ ticketId: s.ticketId, note: dispatchNote(event, f) }]);
    }
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    entry.note = 'failed';
  }
  state.log.push(entry);
}

function show(state: TimelineState): void {
  const s = state.snapshot;
  const next = nextReminder(state);
  setCurrentDetails([
    `**${s.vendor.toUpperCase()} dispatch ${s.dispatchNumber}** (ticket ${s.ticketId}): ${state.phase}`,
    `Appointment: ${formatInstant(s.appointment, s.timeZone)}; technician: ${s.techName}`,
    `Next reminder: ${next ? `${next.event} at ${formatInstant(next.at, s.timeZone)}` : 'none'}`,
    `Reminders: 12h ${state.reminders['reminder-12h']}, 2h ${state.reminders['reminder-2h']}`,
    ...state.log.map((l) => `- ${l.at} ${l.event}: SMS ${l.sms}, note ${l.note}`),
  ].join('\n'));
}
