import { ActivityFailure, log, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { ctsSnapshot, isOurDispatch, litSnapshot, type DispatchSnapshot, type DispatchVendor, type Parsed } from '../../domain/dispatch';
import { mapBounded } from '../../domain/batches';
import { SearchAttr } from '../../domain/search-attributes';
import { dispatchWorkflowId } from '../../domain/workflow-ids';
import { bruin, bruinOptions, cts, lit, timelines } from '../activities';

export interface DispatchMonitorInput {
  vendor: DispatchVendor;
  /** CTS gives UTC only: the zone SMS and notes show its times in. */
  ctsTimeZone?: string;
  completeAfterHours?: number;
  /** The vendor's cancellation desk, handed to new timelines. */
  cancelEmail?: string;
}

export interface DispatchMonitorResult {
  vendor: DispatchVendor;
  listed: number;
  /** Invalid dispatches (bad ticket ID, missing or malformed fields), each with the reason. */
  discarded: number;
  discards: Array<{ dispatchNumber: string; reason: string }>;
  /** Valid, but no automation note of ours on the ticket names them: another team's dispatch. */
  notOurs: number;
  /** Timelines that got the latest snapshot, and timelines started this cycle. */
  updated: number;
  started: number;
  /** Already finished (or finished before we ever tracked them): left alone. */
  finished: number;
}

const DISCARDS_SHOWN = 50;

/**
 * One cycle of a vendor's dispatch monitor: list the vendor's dispatches, discard invalid ones
 * (with the reason), keep ours, and hand each its latest snapshot through signal-with-start of
 * `dispatch/<vendor>/<dispatchNumber>`.
 */
export async function dispatchMonitor(input: DispatchMonitorInput): Promise<DispatchMonitorResult> {
  const parsed: Array<Parsed<DispatchSnapshot> & { dispatchNumber: string }> = input.vendor === 'lit'
    ? (await lit.listLitDispatches()).map((d) => ({ ...litSnapshot(d), dispatchNumber: d.Dispatch_Number }))
    : (await cts.listCtsDispatches()).map((d) => ({ ...ctsSnapshot(d, input.ctsTimeZone ?? 'America/New_York'), dispatchNumber: d.Name }));
  const result: DispatchMonitorResult = { vendor: input.vendor, listed: parsed.length, discarded: 0, discards: [], notOurs: 0, updated: 0, started: 0, finished: 0 };

  const valid: DispatchSnapshot[] = [];
  for (const p of parsed) {
    if (p.ok) valid.push(p.value);
    else discard(result, p.dispatchNumber, p.reason);
  }

  const statuses = valid.length > 0 ? await timelines.timelineStatuses({ workflowIds: valid.map((s) => dispatchWorkflowId(s.vendor, s.dispatchNumber)) }) : {};
  const toUpdate: DispatchSnapshot[] = [];
  const unknown: DispatchSnapshot[] = [];
  for (const s of valid) {
    const status = statuses[dispatchWorkflowId(s.vendor, s.dispatchNumber)];
    if (status === 'running') toUpdate.push(s);
    else if (status === 'closed' || s.status === 'cancelled' || s.status === 'completed') result.finished++;
    else unknown.push(s);
  }
  // Ownership is read from the ticket only for dispatches with no timeline yet: a running one is ours.
  // A ticket Bruin cannot give (unknown, malformed) discards that dispatch, not the whole cycle.
  const owned = await mapBounded(unknown, 8, async (s): Promise<boolean | string> => {
    try {
      return isOurDispatch(s.reference, await bruin.ticketNotes.executeWithOptions(
        { ...bruinOptions, summary: `Ticket ${s.ticketId}: is ${s.vendor.toUpperCase()} dispatch ${s.dispatchNumber} ours?` }, [{ ticketId: s.ticketId }]));
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      return `${s.dispatchNumber}: Bruin ticket ${s.ticketId} could not be read (${err.cause?.message ?? err.message})`;
    }
  });
  const toStart = unknown.filter((_, i) => owned[i] === true);
  unknown.forEach((s, i) => {
    const verdict = owned[i];
    if (typeof verdict === 'string') discard(result, s.dispatchNumber, verdict);
    else if (!verdict) result.notOurs++;
  });

  if (toUpdate.length + toStart.length > 0) {
    await timelines.deliverSnapshots({ snapshots: [...toUpdate, ...toStart], completeAfterHours: input.completeAfterHours, cancelEmail: input.cancelEmail });
  }
  result.updated = toUpdate.length;
  result.started = toStart.length;
  setCurrentDetails(`${input.vendor.toUpperCase()}: ${result.listed} dispatches; ${result.discarded} discarded, ${result.notOurs} not ours, ${result.finished} finished; ${result.updated} timelines updated, ${result.started} started`);
  upsertSearchAttributes([{ key: SearchAttr.Vendor, value: input.vendor }, { key: SearchAttr.Outcome, value: result.discarded > 0 ? 'discards' : 'ok' }]);
  return result;
}

function discard(result: DispatchMonitorResult, dispatchNumber: string, reason: string): void {
  result.discarded++;
  if (result.discards.length < DISCARDS_SHOWN) result.discards.push({ dispatchNumber, reason });
  log.warn('dispatch discarded', { vendor: result.vendor, dispatchNumber, reason });
}
