import { log, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { mapBounded } from '../../domain/batches';
import {
  ctsSnapshot,
  isOurDispatch,
  litSnapshot,
  snapshotFingerprint,
  type DispatchSnapshot,
  type Parsed,
} from '../../domain/dispatch';
import type { TimelineStatus } from '../../activities/dispatch/activities';
import { runOutcome, SearchAttr } from '../../domain/search-attributes';
import { dispatchWorkflowId } from '../../domain/workflow-ids';
import type { CtsDispatch } from '../../activities/cts/schemas';
import type { LitDispatch } from '../../activities/lit/schemas';
import { bruin, cts, lit, timelines } from '../activities';
import { gaveUp, orGaveUp } from '../activity-failure';
import type { DispatchMonitorInput, DispatchMonitorResult } from './api';
import { autoUpgrade } from '../versioning';

export type { DispatchMonitorInput, DispatchMonitorResult } from './api';

const DISCARDS_SHOWN = 50;
const INTENDED_SHOWN = 200;

type ParsedDispatch = Parsed<DispatchSnapshot> & { dispatchNumber: string };

/** A cancel first seen with no timeline is ours to note if its appointment is no older than this. */
const CANCEL_LOOKBACK_MS = 7 * 86_400_000;
interface Page {
  parsed: ParsedDispatch[];
  next: number | string | null;
}

/**
 * One cycle of a vendor's dispatch monitor: page through the vendor's dispatches, discard invalid
 * ones (with the reason), keep ours, and hand each its latest snapshot through signal-with-start of
 * `dispatch/<vendor>/<dispatchNumber>`. Pages keep every activity result far under Temporal's
 * payload limit, however long the vendor's list grows.
 */
export async function dispatchMonitor(input: DispatchMonitorInput): Promise<DispatchMonitorResult> {
  const result: DispatchMonitorResult = {
    vendor: input.vendor,
    listed: 0,
    discarded: 0,
    discards: [],
    deferred: 0,
    deferrals: [],
    notOurs: 0,
    unchanged: 0,
    updated: 0,
    started: 0,
    finished: 0,
    dryRun: input.dryRun ?? false,
    intended: [],
  };
  let cursor: number | string | null | undefined;
  do {
    const page = await readPage(input, cursor);
    await monitorPage(input, page.parsed, result);
    cursor = page.next;
    setCurrentDetails(progress(result));
  } while (cursor !== null);
  upsertSearchAttributes([
    { key: SearchAttr.Vendor, value: input.vendor },
    { key: SearchAttr.Outcome, value: runOutcome(result.dryRun, () => outcome(result)) },
  ]);
  return result;
}
autoUpgrade(dispatchMonitor);

/** Each vendor record as a snapshot or the reason it is invalid, with its dispatch number. */
const parseLit = (list: LitDispatch[]): ParsedDispatch[] =>
  list.map((d) => ({ ...litSnapshot(d), dispatchNumber: d.Dispatch_Number }));
const parseCts = (list: CtsDispatch[], input: DispatchMonitorInput): ParsedDispatch[] =>
  list.map((d) => ({ ...ctsSnapshot(d, input.ctsTimeZone ?? 'America/New_York'), dispatchNumber: d.Name }));

async function readPage(input: DispatchMonitorInput, cursor: number | string | null | undefined): Promise<Page> {
  if (input.vendor === 'lit') {
    const offset = typeof cursor === 'number' ? cursor : 0;
    const page = await lit
      .summarized(`LIT dispatches from #${offset + 1}`)
      .listLitDispatchesPage({ offset, limit: input.pageSize ?? 200 });
    return {
      parsed: parseLit(page.dispatches),
      next: page.nextOffset,
    };
  }
  const page = await cts
    .summarized(cursor ? `CTS dispatches (next page)` : 'CTS dispatches')
    .listCtsDispatchesPage({ cursor: typeof cursor === 'string' ? cursor : null });
  return {
    parsed: parseCts(page.dispatches, input),
    next: page.nextCursor,
  };
}

/**
 * One page: discard the invalid, skip the finished, ask Bruin whether new ones are ours, deliver snapshots. A
 * recent cancel with no timeline yet (cancelled before any cycle saw it, or while the engine was
 * down) is a new one: its timeline starts cancelled and writes the cancel note, once.
 */
async function monitorPage(
  input: DispatchMonitorInput,
  parsed: ParsedDispatch[],
  result: DispatchMonitorResult,
): Promise<void> {
  result.listed += parsed.length;
  const valid: DispatchSnapshot[] = [];
  for (const p of parsed) {
    if (p.ok) valid.push(p.value);
    else discard(result, p.dispatchNumber, p.reason);
  }

  const workflowIds = valid.map((s) => dispatchWorkflowId(s.vendor, s.dispatchNumber));
  let states: Record<string, { status: TimelineStatus; snapshot?: string }> = {};
  if (valid.length > 0) {
    states = await timelines.timelineStates({ workflowIds });
  }
  const toUpdate: DispatchSnapshot[] = [];
  const unknown: DispatchSnapshot[] = [];
  for (const s of valid) {
    const state = states[dispatchWorkflowId(s.vendor, s.dispatchNumber)];
    if (state?.status === 'running') {
      // A timeline that already applied this very snapshot is not told it again: its history keeps the story.
      if (state.snapshot === snapshotFingerprint(s)) result.unchanged = (result.unchanged ?? 0) + 1;
      else toUpdate.push(s);
    } else if (state?.status === 'closed' || s.status === 'completed') result.finished++;
    else if (s.status !== 'cancelled') unknown.push(s);
    else if (Date.now() - Date.parse(s.appointment) > CANCEL_LOOKBACK_MS) result.finished++;
    // A cancel without the reference that proves a dispatch ours (CTS's IGZ number) cannot be told ours.
    else if (!s.reference) result.notOurs++;
    else unknown.push(s);
  }
  // Ownership is read from the ticket only for dispatches with no timeline yet: a running one is ours.
  // A ticket Bruin refuses (unknown, malformed) discards that dispatch, not the whole cycle; a ticket Bruin
  // did not answer for within the retries (an outage) defers it: the next cycle asks again.
  const owned = await mapBounded(unknown, 8, (s) =>
    orGaveUp(async () =>
      isOurDispatch(
        s.reference,
        await bruin
          .summarized(`Ticket ${s.ticketId}: is ${s.vendor.toUpperCase()} dispatch ${s.dispatchNumber} ours?`)
          .ticketNotes({ ticketId: s.ticketId }),
      ),
    ),
  );
  const toStart = unknown.filter((_, i) => owned[i] === true);
  unknown.forEach((s, i) => {
    const verdict = owned[i];
    if (gaveUp(verdict)) {
      const reason = `${s.dispatchNumber}: Bruin ticket ${s.ticketId} could not be read (${verdict.gaveUp})`;
      if (verdict.permanent) discard(result, s.dispatchNumber, reason);
      else defer(result, s.dispatchNumber, reason);
    } else if (!verdict) result.notOurs++;
  });

  if (result.dryRun) {
    const intended = [
      ...toStart.map((s) => ({
        action: 'start-timeline' as const,
        dispatchNumber: s.dispatchNumber,
        status: s.status,
      })),
      ...toUpdate.map((s) => ({
        action: 'update-timeline' as const,
        dispatchNumber: s.dispatchNumber,
        status: s.status,
      })),
    ];
    result.intended.push(...intended.slice(0, Math.max(0, INTENDED_SHOWN - result.intended.length)));
  } else if (toUpdate.length + toStart.length > 0) {
    await timelines.deliverSnapshots({
      snapshots: [...toUpdate, ...toStart],
      completeAfterHours: input.completeAfterHours,
      cancelEmail: input.cancelEmail,
    });
    result.updated += toUpdate.length;
    result.started += toStart.length;
  }
}

const progress = (r: DispatchMonitorResult): string =>
  `${r.vendor.toUpperCase()}${r.dryRun ? ' (dry run)' : ''}: ${r.listed} dispatches; ${r.discarded} discarded, ` +
  `${r.deferred ?? 0} deferred (Bruin did not answer), ${r.notOurs} not ours, ` +
  `${r.finished} finished; ${r.updated} timelines updated, ${r.unchanged ?? 0} unchanged, ${r.started} started${r.dryRun ? `; ${r.intended.length} intended` : ''}`;

function discard(result: DispatchMonitorResult, dispatchNumber: string, reason: string): void {
  result.discarded++;
  if (result.discards.length < DISCARDS_SHOWN) result.discards.push({ dispatchNumber, reason });
  log.warn('dispatch discarded', { vendor: result.vendor, dispatchNumber, reason });
}

/** Refusals first (they need a person); then dispatches waiting for Bruin (they clear by themselves). */
const outcome = (r: DispatchMonitorResult): string =>
  r.discarded > 0 ? 'discards' : (r.deferred ?? 0) > 0 ? 'deferred' : 'ok';

function defer(result: DispatchMonitorResult, dispatchNumber: string, reason: string): void {
  result.deferred = (result.deferred ?? 0) + 1;
  result.deferrals ??= [];
  if (result.deferrals.length < DISCARDS_SHOWN) result.deferrals.push({ dispatchNumber, reason });
  log.warn('dispatch deferred to the next cycle', { vendor: result.vendor, dispatchNumber, reason });
}
