import {
  ActivityFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  setCurrentDetails,
  setHandler,
  sleep,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  addressLine,
  cancelRequestEmail,
  complete,
  dispatchNote,
  dispatchSms,
  finishDeadline,
  initialTimeline,
  isFinished,
  nextReminder,
  noteTextWritten,
  owedSmsSettled,
  owedSmsWorthSending,
  remind,
  remindDue,
  requestCancel,
  SMS_EVENTS,
  snapshotFingerprint,
  TECH_SMS,
  techSms,
  transition,
  type DispatchEvent,
  type DispatchSnapshot,
  type TimelineState,
  type TechSmsKind,
  type TimelineRules,
  type ToldEntry,
  type Transition,
} from '../../domain/dispatch';
import { keyToken } from '../../domain/idempotency';
import { SearchAttr } from '../../domain/search-attributes';
import { formatInstant } from '../../domain/time';
import { briefNotifier, bruin, patientNotifier as notifier } from '../activities';
import { clearSelfOwed, markSelfOwed } from '../owed/self-owed';
import { isRefusal, orActivityFailure } from '../activity-failure';
import { cancelRequested, dispatchUpdated, timelineQuery, type DispatchTimelineInput } from './api';
import { pinned } from '../versioning';

export type { DispatchTimelineInput } from './api';

// Long-lived: keep each run's history short; the state travels with continue-as-new.
const HISTORY_EVENTS_BUDGET = 2_000;
/** How often an owed note or SMS (Bruin or Twilio could not take it within its retries) is tried again. */
const OWED_RETRY_MS = 2 * 60_000;
/** How long a finished timeline keeps trying its owed notes before calling them failed. */
const OWED_NOTES_AFTER_FINISH_MS = 24 * 3_600_000;

/**
 * One dispatch, from request to completion: SMS and a Bruin note when it is confirmed, 12 h and 2 h
 * before the appointment, when the technician changes and when the tech is on site; a note when it
 * is rescheduled or cancelled. The rules are `domain/dispatch/timeline.ts`; this waits for the next
 * snapshot, reminder or deadline and tells each event. Every side effect is idempotent: the SMS
 * ledger (workflow ID + step) and the notes already on the ticket.
 */
export async function dispatchTimeline(input: DispatchTimelineInput): Promise<TimelineState> {
  const completeAfterMs = (input.completeAfterHours ?? 24) * 3_600_000;
  // Decided once per run, at its start: a run that began before texts per recipient keeps to the site contact.
  const rules: TimelineRules = { perRecipient: patched('dispatch-texts-per-recipient') };
  let state: TimelineState = input.state ?? initialTimeline(input.snapshot);
  const pending: DispatchSnapshot[] = [...(input.pending ?? [])];
  let cancelReason: string | undefined;
  setHandler(dispatchUpdated, (s) => {
    pending.push(s);
  });
  // The first request's reason is the one sent; later requests are already covered.
  setHandler(cancelRequested, ({ reason }) => {
    cancelReason ??= reason || 'no reason given';
  });
  setHandler(timelineQuery, () => ({ ...state, nextReminder: nextReminder(state) }));
  if (!input.state) pending.unshift(input.snapshot);

  /** Takes the transition's state and tells its events, in order. */
  const perform = async (t: Transition, reason?: string) => {
    state = t.state;
    for (const event of t.events) {
      if (rules.perRecipient && techIsTexted(state, event, input)) state = await withSiteAddress(state);
      state = { ...state, log: [...state.log, ...(await tell(state, event, input, rules, reason))] };
    }
  };

  /** The memo tells the monitor which snapshot this timeline last applied (it signals only a different one). */
  let shownFingerprint: string | undefined;
  const showSnapshot = (snapshot: DispatchSnapshot) => {
    const fingerprint = snapshotFingerprint(snapshot);
    if (fingerprint === shownFingerprint || !patched('dispatch-snapshot-memo')) return;
    upsertMemo({ snapshot: fingerprint });
    shownFingerprint = fingerprint;
  };

  const owes = () => state.log.some((l) => l.note === 'owed' || l.sms === 'owed');
  /**
   * Tries every owed note and SMS once more, in the order they were owed: each is written or sent (or found already
   * there), failed for good, or still owed. An SMS no longer worth sending is `too-late` and not tried.
   */
  const payOwed = async () => {
    state = owedSmsSettled(state, Date.now());
    if (!owes()) return;
    const entries = [...state.log];
    for (const [i, entry] of state.log.entries()) {
      if (entry.note === 'owed' && entry.owedNote !== undefined) {
        const note = await writeNoteOrOwe(state.snapshot, entry.event, entry.owedNote);
        if (note !== 'owed') entries[i] = { ...entries[i], note, owedNote: undefined };
      }
      if (entry.owedSmsStep !== undefined && owedSmsWorthSending({ ...state, log: entries }, i, Date.now())) {
        const sms = await textAgain(state, entry, entry.owedSmsStep);
        if (sms !== 'owed') entries[i] = { ...entries[i], sms, owedSmsStep: undefined };
      }
    }
    state = { ...state, log: entries };
  };
  /**
   * While the dispatch owes a note or an SMS, the owed gauges count it (`dispatch` kind, marked by the timeline itself)
   * and `SideEffectsOwedTooLong` can fire. A run continued as new inherits its predecessor's mark.
   */
  let markedOwed = owes();
  const showOwed = async () => {
    const owing = owes();
    if (owing === markedOwed || !patched('dispatch-owed-sms')) return;
    await (owing ? markSelfOwed() : clearSelfOwed());
    markedOwed = owing;
  };

  while (!isFinished(state)) {
    await payOwed();
    await showOwed();
    const reminder = nextReminder(state);
    const finishAt = finishDeadline(state, completeAfterMs);
    const wakeAt = Math.min(
      reminder ? Date.parse(reminder.at) : Infinity,
      finishAt,
      owes() ? Date.now() + OWED_RETRY_MS : Infinity,
    );
    show(state);
    const ready = () => pending.length > 0 || cancelReason !== undefined;
    const woken = await (Number.isFinite(wakeAt)
      ? condition(ready, Math.max(1, wakeAt - Date.now()))
      : condition(ready).then(() => true));
    if (cancelReason !== undefined) {
      const reason = cancelReason;
      cancelReason = undefined;
      if (input.cancelEmail) await perform(requestCancel(state, Date.now()), reason);
      else
        log.warn('cancellation requested but no vendor cancel address configured', {
          dispatchNumber: state.snapshot.dispatchNumber,
        });
    }
    if (woken) {
      while (pending.length > 0 && !isFinished(state))
        await perform(transition(state, pending.shift()!, Date.now(), rules));
      showSnapshot(state.snapshot);
    } else if (reminder && Date.parse(reminder.at) <= Date.now()) {
      // Timelines before this told each due reminder in turn, a late 12 h one beside the 2 h one.
      await perform(
        patched('dispatch-one-reminder-per-wake')
          ? remindDue(state, Date.now())
          : remind(state, reminder.event, Date.now()),
      );
    } else if (finishAt <= Date.now()) {
      state = complete(state).state;
    }
    if (
      workflowInfo().historyLength > (input.historyBudget ?? HISTORY_EVENTS_BUDGET) ||
      workflowInfo().continueAsNewSuggested
    ) {
      await condition(allHandlersFinished);
      await showOwed();
      return continueAsNew<typeof dispatchTimeline>({ ...input, snapshot: state.snapshot, state, pending });
    }
  }
  // Finished: an owed SMS is too late now, but an owed note must still reach the ticket.
  state = owedSmsSettled(state, Date.now());
  for (const giveUpAt = Date.now() + OWED_NOTES_AFTER_FINISH_MS; owes();) {
    if (Date.now() >= giveUpAt) {
      state = { ...state, log: state.log.map((l) => (l.note === 'owed' ? { ...l, note: 'failed' } : l)) };
      break;
    }
    await showOwed();
    show(state);
    await sleep(OWED_RETRY_MS);
    await payOwed();
  }
  await showOwed();
  show(state);
  upsertSearchAttributes([{ key: SearchAttr.Outcome, value: state.phase }]);
  return state;
}
// Sleeps for days between texts: each run finishes on the build it started on, so a new build changes it freely.
pinned(dispatchTimeline);

/** The note on the dispatch's ticket unless it is there already. */
async function writeNote(
  s: DispatchSnapshot,
  event: DispatchEvent,
  note: string,
): Promise<'written' | 'already-there'> {
  // One Bruin activity that reads and writes; runs before it read, then wrote, in two.
  if (patched('dispatch-note-once'))
    return bruin
      .summarized(`Ticket ${s.ticketId}: note ${event} unless there (dispatch ${s.dispatchNumber})`)
      .appendDispatchNoteOnce({ ticketId: s.ticketId, note });
  const notes = await bruin
    .summarized(`Ticket ${s.ticketId}: notes (dispatch ${s.dispatchNumber})`)
    .ticketNotes({ ticketId: s.ticketId });
  if (noteTextWritten(note, notes)) return 'already-there';
  await bruin
    .summarized(`Ticket ${s.ticketId}: note ${event} (dispatch ${s.dispatchNumber})`)
    .appendTicketNote({ ticketId: s.ticketId, note });
  return 'written';
}

/**
 * The note, or why not: a failure Bruin will not get over (unknown ticket, a refused note) is `failed`;
 * one that outlasted the retries (an outage, a dead worker) is `owed` and written later. Timelines that
 * ran before owed notes existed keep calling that `failed`.
 */
async function writeNoteOrOwe(
  s: DispatchSnapshot,
  event: DispatchEvent,
  note: string,
): Promise<'written' | 'already-there' | 'failed' | 'owed'> {
  try {
    return await writeNote(s, event, note);
  } catch (err) {
    return failedOrOwed(err, () => patched('dispatch-owed-notes'));
  }
}

/**
 * A side effect whose activity failed: `failed` when the vendor refused it (it would refuse again), else `owed`, tried
 * again later, where `owing()` says so (runs from before owing keep calling it failed).
 */
function failedOrOwed(err: unknown, owing: () => boolean): 'failed' | 'owed' {
  if (!(err instanceof ActivityFailure)) throw err;
  return !isRefusal(err) && owing() ? 'owed' : 'failed';
}

type SmsOutcome = 'sent' | 'already-sent' | 'failed' | 'owed';

/**
 * One SMS through the ledger: sent (or sent already), `failed` when Twilio refused it (the note still tells the
 * ticket), or `owed` when Twilio did not take it within the retries of `via`.
 */
async function text(
  via: Pick<typeof notifier, 'summarized'>,
  summary: string,
  sms: { to: string; step: string; body: string; businessId: string; formerStep?: string },
): Promise<SmsOutcome> {
  try {
    return (await via.summarized(summary).sendSms(sms)).outcome;
  } catch (err) {
    // Runs from before owed SMS called every failure failed.
    return failedOrOwed(err, () => patched('dispatch-owed-sms'));
  }
}

/** An owed SMS tried once more (about 2 minutes of retries), its text as it reads now, under the step it was owed by. */
function textAgain(state: TimelineState, entry: ToldEntry, step: string): Promise<SmsOutcome> {
  const s = state.snapshot;
  const owed = `owed since ${entry.at}`;
  const techKind = TECH_SMS[entry.event];
  if (entry.recipient === 'technician' && techKind && s.techPhone)
    return text(briefNotifier, `SMS ${entry.event} to the technician of dispatch ${s.dispatchNumber}, ${owed}`, {
      to: s.techPhone,
      step,
      body: techSms(techKind, s, state.siteAddress ?? '', Date.now()),
      businessId: s.dispatchNumber,
    });
  if (entry.recipient === undefined && isSmsEvent(entry.event))
    return text(briefNotifier, `SMS ${entry.event} for dispatch ${s.dispatchNumber}, ${owed}`, {
      to: s.sitePhone,
      step,
      body: dispatchSms(entry.event, s, Date.now()),
      businessId: s.dispatchNumber,
    });
  return Promise.resolve('failed'); // never owed: an SMS is owed only for a recipient and event that have one
}

const isSmsEvent = (event: DispatchEvent): event is (typeof SMS_EVENTS)[number] =>
  (SMS_EVENTS as readonly string[]).includes(event);

/** Whether this event texts the technician: one of their texts, and a phone to send it to. */
const techIsTexted = (state: TimelineState, event: DispatchEvent, input: DispatchTimelineInput) =>
  TECH_SMS[event] !== undefined && !!state.snapshot.techPhone && !input.dryRun;

/** The site's address for the technician's texts, read from the ticket once; '' when Bruin has none or cannot say. */
async function withSiteAddress(state: TimelineState): Promise<TimelineState> {
  if (state.siteAddress !== undefined) return state;
  const s = state.snapshot;
  const siteAddress = await orActivityFailure(
    async () =>
      addressLine(
        (
          await bruin.summarized(`Ticket ${s.ticketId}: site address (dispatch ${s.dispatchNumber})`).ticketSite({
            ticketId: s.ticketId,
          })
        ).address,
      ),
    () => '', // the text then names the ticket's site: a Bruin outage must not hold the technician's text
  );
  return { ...state, siteAddress };
}

/**
 * The ledger step of an SMS: what makes a second message of the same kind legitimate (a new technician, a new site
 * contact) is a counter or a token, never a name or a phone.
 */
function smsStep(state: TimelineState, event: (typeof SMS_EVENTS)[number]): string {
  if (event === 'site-contact-changed') return `sms:site-contact-changed:${state.siteContacts ?? 1}`;
  // The technician's name makes a second tech-changed SMS legitimate, but may not sit in a ledger key:
  // a token of it does. Earlier runs keyed it by name; the notifier honours those (a reset resends nothing).
  if (event === 'tech-changed') return `sms:tech-changed:${keyToken(state.snapshot.techName)}`;
  return `sms:${event}`;
}

/**
 * SMS to the site contact (for events the site is told of) and to the technician (their confirmation and
 * reminders, per-recipient rules), and the Bruin note, each at most once and side by side; in a dry run, none.
 * One log line per recipient.
 */
async function tell(
  state: TimelineState,
  event: DispatchEvent,
  input: DispatchTimelineInput,
  rules: TimelineRules,
  cancelReason?: string,
): Promise<ToldEntry[]> {
  const s = state.snapshot;
  const at = new Date(Date.now()).toISOString();
  const techKind = rules.perRecipient && s.techPhone ? TECH_SMS[event] : undefined;
  if (input.dryRun)
    return [
      { event, at, sms: isSmsEvent(event) ? 'intended' : 'none', note: 'intended' },
      ...(techKind
        ? [{ event, recipient: 'technician' as const, at, sms: 'intended' as const, note: 'none' as const }]
        : []),
    ];
  const entry: ToldEntry = { event, at, sms: 'none', note: 'written' };
  if (event === 'cancel-requested') {
    // Emailed to the vendor's cancel desk once (ledger); the vendor's status decides.
    const email = cancelRequestEmail(s, cancelReason ?? 'no reason given');
    await notifier
      .summarized(`Cancel request for dispatch ${s.dispatchNumber} to ${s.vendor.toUpperCase()}`)
      .sendEmail({
        step: 'cancel-request',
        businessId: s.dispatchNumber,
        to: input.cancelEmail!,
        ...email,
      });
  }
  const note = dispatchNote(event, s);
  if (!isSmsEvent(event)) {
    entry.note = await writeNoteOrOwe(s, event, note);
    if (entry.note === 'owed') entry.owedNote = note;
    return [entry];
  }
  // The SMS and the note are independent: sent side by side, the site and the ticket are told in one round
  // trip (a reminder burst stays on time). Runs before this sent the SMS first, then wrote the note.
  const parallel = patched('dispatch-tell-in-parallel');
  const siteStep = smsStep(state, event);
  const siteSms = () =>
    text(notifier, `SMS ${event} for dispatch ${s.dispatchNumber}`, {
      to: s.sitePhone,
      step: siteStep,
      body: dispatchSms(event, s, Date.now()),
      businessId: s.dispatchNumber,
      // Sends recorded by runs that keyed a technician change by name still count.
      ...(event === 'tech-changed' ? { formerStep: `sms:tech-changed:${s.techName}` } : {}),
    });
  const techStep = (kind: TechSmsKind) =>
    kind === 'confirmed' ? `sms-tech:confirmed:${state.technicians ?? 1}` : `sms-tech:${kind}`;
  const techText = (kind: TechSmsKind) =>
    text(notifier, `SMS ${event} to the technician of dispatch ${s.dispatchNumber}`, {
      to: s.techPhone!,
      step: techStep(kind),
      body: techSms(kind, s, state.siteAddress ?? '', Date.now()),
      businessId: s.dispatchNumber,
    });
  /** An owed SMS keeps the step it is keyed by, so a later send is the same message to the ledger. */
  const owedStep = (outcome: SmsOutcome, step: string) => (outcome === 'owed' ? { owedSmsStep: step } : {});
  if (!parallel) {
    entry.sms = await siteSms();
    Object.assign(entry, owedStep(entry.sms, siteStep));
    entry.note = await writeNoteOrOwe(s, event, note);
    if (entry.note === 'owed') entry.owedNote = note;
    return [entry];
  }
  const [siteOutcome, noteOutcome, techOutcome] = await Promise.all([
    siteSms(),
    writeNoteOrOwe(s, event, note),
    techKind ? techText(techKind) : undefined,
  ]);
  entry.sms = siteOutcome;
  Object.assign(entry, owedStep(siteOutcome, siteStep));
  entry.note = noteOutcome;
  if (entry.note === 'owed') entry.owedNote = note;
  return techOutcome === undefined || !techKind
    ? [entry]
    : [
        entry,
        {
          event,
          recipient: 'technician',
          at,
          sms: techOutcome,
          note: 'none',
          ...owedStep(techOutcome, techStep(techKind)),
        },
      ];
}

function show(state: TimelineState): void {
  const s = state.snapshot;
  const next = nextReminder(state);
  setCurrentDetails(
    [
      `**${s.vendor.toUpperCase()} dispatch ${s.dispatchNumber}** (ticket ${s.ticketId}): ${state.phase}`,
      `Appointment: ${formatInstant(s.appointment, s.timeZone)}; technician: ${s.techName}`,
      `Next reminder: ${next ? `${next.event} at ${formatInstant(next.at, s.timeZone)}` : 'none'}`,
      `Reminders: 12h ${state.reminders['reminder-12h']}, 2h ${state.reminders['reminder-2h']}`,
      ...state.log.map((l) =>
        l.recipient === 'technician'
          ? `- ${l.at} ${l.event}: SMS to the technician ${l.sms}`
          : `- ${l.at} ${l.event}: SMS ${l.sms}, note ${l.note}`,
      ),
    ].join('\n'),
  );
}
