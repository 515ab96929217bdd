import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { gaveUp, orActivityFailure, orGaveUp } from '../activity-failure';
import { runOutcome, SearchAttr } from '../../domain/search-attributes';
import { OUTAGE_TICKET_SUBJECTS, outageTicketSubject } from '../../domain/workflow-ids';
import { chunk, mapBounded, mergeClientSerials } from '../../domain/batches';
import { autoResolveNote } from '../../domain/ticket-notes';
import { appStore, bruin, bruinBulk } from '../activities';
import type { OwedStep } from '../owed/api';
import { owe } from '../owed/owe';
import type { IntendedAction, RecheckResult } from './recheck-result';
import type { EdgeRecheck } from './outage-recheck-batch';

/**
 * A recheck the cycle started, as its tally reads it: one device's (Hawkeye; VeloCloud cycles before
 * batches), or a batch's answering for each of its devices in order; undefined when another cycle's
 * recheck of that device was already running.
 */
export type RecheckHandle =
  { result(): Promise<RecheckResult> } | { devices: number; outcomes(): Promise<EdgeRecheck[]> } | undefined;

const outcomesOf = async (h: NonNullable<RecheckHandle>): Promise<Array<RecheckResult | EdgeRecheck>> =>
  'devices' in h ? h.outcomes() : [await h.result()];
/** Devices a recheck answers for: a batch's, or one. */
const devicesOf = (h: RecheckHandle) => (h && 'devices' in h ? h.devices : 1);

/** What one monitoring cycle did (VeloCloud edges or Hawkeye probes). */
export interface OutageCycleResult {
  /** Devices checked (edges or probes with a Bruin client). */
  edgesChecked: number;
  unmonitored: number;
  /** Devices in a maintenance window: no ticket, note, alert, reboot or resolve for them this cycle. */
  inMaintenance?: number;
  inOutage: number;
  rechecksStarted: number;
  /** Faulty devices whose recheck another cycle is already running. */
  alreadyRechecking: number;
  recovered: number;
  ticketsCreated: number;
  ticketsUnresolved: number;
  ticketsInProgress: number;
  ticketsResolved: number;
  /**
   * Rechecks that failed somewhere (VeloCloud sent the device broken, Bruin failed past its retries, or the Slack
   * alert or Digi reboot of a new ticket did), each with the reason: the first 50 listed.
   */
  recheckFailed?: number;
  recheckFailures?: Array<{ device: string; reason: string }>;
  /**
   * Devices whose side effects this cycle handed to their owed queue (`owedWork`): Bruin, Slack or Digi did not
   * take them within the retries, or earlier ones of the device were still owed. Each with why (the first 50).
   */
  owed?: number;
  owedDevices?: Array<{ device: string; reason: string }>;
  /**
   * Recovered devices' tickets that could not be resolved: Bruin could not list the open tickets of their
   * clients (nothing was decided; the next cycle looks again), or refused the resolve for good (the first 50).
   */
  resolveFailed?: number;
  resolveFailures?: ResolveFailure[];
  /** Devices the vendor sent malformed: left out of this cycle with the reason (the first 50 listed). */
  discarded: number;
  discards: Array<{ device: string; reason: string }>;
  dryRun: boolean;
  /** In dry-run mode: everything the cycle would have done. */
  intendedActions: Array<IntendedAction | { action: 'resolve-ticket'; ticketId: string }>;
}

/** Devices listed per kind of trouble in a cycle's result (the counts cover them all). */
export const DISCARDS_SHOWN = 50;
/** Clients per Bruin lookup of open tickets when resolving recovered devices. */
const CLIENTS_PER_LOOKUP = 100;

/** Starts a recheck, or returns undefined when one for the same device is already running. */
export async function startRecheckOnce<T>(start: () => Promise<T>): Promise<T | undefined> {
  try {
    return await start();
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return undefined; // another cycle is on it
    throw err;
  }
}

/** A recovered device's ticket (or its client's ticket list) that could not be resolved this cycle. */
export interface ResolveFailure {
  clientId: string;
  ticketId?: string;
  reason: string;
}

/** What resolving the recovered devices did: resolved tickets, those handed to owed queues, and failures. */
export interface ResolveResult {
  resolved: string[];
  failures: ResolveFailure[];
  owed: Array<{ device: string; reason: string }>;
}

/**
 * Resolves the open outage tickets of devices that are healthy again (one Bruin query per client). A
 * client or ticket Bruin fails on past its retries is reported, not fatal: the cycle's rechecks and
 * the other clients' tickets go on. A resolve Bruin did not take is owed to the device's queue, and a
 * device with side effects still owed gets its resolve queued behind them (a reopen note still owed is
 * written first). A client whose open tickets cannot be listed is reported: nothing was decided for it.
 */
export async function resolveRecovered(
  healthy: Array<{ clientId: string; serialNumbers: string[] }>,
  dryRun: boolean,
  concurrency: number,
  /** Notes that replace the auto-resolve note, by serial (an edge stable again after flapping). */
  resolveNotes: Record<string, string> = {},
): Promise<ResolveResult> {
  const resolved: string[] = [];
  const failures: ResolveFailure[] = [];
  const owed: ResolveResult['owed'] = [];
  const cycle = workflowInfo().workflowId;
  const resolveNote = (serial: string) => resolveNotes[serial] ?? autoResolveNote(serial, cycle);
  const oweResolve = async (step: Extract<OwedStep, { kind: 'resolve-outage-ticket' }>, reason: string) => {
    await owe(outageTicketSubject(step.serviceNumber), `${step.serviceNumber}/resolve`, step, reason);
    owed.push({ device: step.serviceNumber, reason });
  };
  const resolve = async (clientId: string, ticket: { ticketId: string; serviceNumber: string }) => {
    if (dryRun) {
      resolved.push(ticket.ticketId);
      return;
    }
    const note = resolveNote(ticket.serviceNumber);
    const done = await orGaveUp(async () => {
      await bruin.appendTicketNote({ ticketId: ticket.ticketId, note });
      await bruin.resolveOutageTicket({ ticketId: ticket.ticketId, serviceNumber: ticket.serviceNumber });
    });
    if (!gaveUp(done)) resolved.push(ticket.ticketId);
    else if (done.permanent) failures.push({ clientId, ticketId: ticket.ticketId, reason: done.gaveUp });
    else
      await oweResolve(
        { kind: 'resolve-outage-ticket', serviceNumber: ticket.serviceNumber, ticketId: ticket.ticketId, note },
        `Bruin: ${done.gaveUp}`,
      );
  };
  // One Bruin activity per batch of clients (it heartbeats, and a crash resumes it) instead of one per client:
  // the healthy majority of a fleet costs a few history events.
  // Healthy devices still owing side effects: their resolve goes to their queue, behind what is owed.
  const owedSerials = new Set(
    dryRun
      ? []
      : (await appStore.listOwed({ prefix: OUTAGE_TICKET_SUBJECTS })).map((s) =>
          s.slice(OUTAGE_TICKET_SUBJECTS.length),
        ),
  );
  for (const serviceNumber of healthy.flatMap((c) => c.serialNumbers).filter((s) => owedSerials.has(s)))
    await oweResolve(
      { kind: 'resolve-outage-ticket', serviceNumber, note: resolveNote(serviceNumber) },
      'earlier side effects of this device are still owed',
    );
  const clients = mergeClientSerials(
    owedSerials.size === 0
      ? healthy
      : healthy.map((c) => ({ ...c, serialNumbers: c.serialNumbers.filter((s) => !owedSerials.has(s)) })),
  ).filter((c) => c.serialNumbers.length > 0);
  const clientOf = new Map(clients.flatMap((c) => c.serialNumbers.map((s) => [s, c.clientId] as const)));
  const open = (
    await mapBounded(chunk(clients, CLIENTS_PER_LOOKUP), concurrency, (batch) =>
      orActivityFailure(
        () =>
          bruinBulk
            .summarized(`Open outage tickets of ${batch.length} clients`)
            .openOutageTicketsOf({ clients: batch }),
        (reason) => {
          for (const c of batch) failures.push({ clientId: c.clientId, reason });
          return [];
        },
      ),
    )
  ).flat();
  await mapBounded(open, concurrency, (ticket) => resolve(clientOf.get(ticket.serviceNumber) ?? '', ticket));
  return { resolved, failures, owed };
}

/** Waits for the rechecks this cycle started and tallies the cycle. */
export async function tallyCycle(args: {
  checked: number;
  unmonitored: number;
  inMaintenance?: number;
  inOutage: number;
  rechecks: RecheckHandle[];
  resolved: string[];
  resolveFailures?: ResolveFailure[];
  /** Recovered devices whose resolve this cycle owes. */
  resolveOwed?: Array<{ device: string; reason: string }>;
  dryRun: boolean;
  discards?: Array<{ device: string; reason: string }>;
}): Promise<OutageCycleResult> {
  const outcomes = (await Promise.all(args.rechecks.flatMap((h) => (h ? [outcomesOf(h)] : [])))).flat();
  const count = (o: EdgeRecheck['outcome']) => outcomes.filter((r) => r.outcome === o).length;
  // A batch's edge with a reason failed somewhere: its ticket step, its second look, or the NOC's alert of a new ticket.
  // Owed side effects are listed apart: they will be delivered, not dropped.
  const failures = outcomes.flatMap((o) =>
    'edge' in o && o.reason && !o.owed ? [{ device: o.edge, reason: o.reason }] : [],
  );
  const owed = [
    ...outcomes.flatMap((o) =>
      'edge' in o
        ? o.owed
          ? [{ device: o.edge, reason: o.reason ?? '' }]
          : []
        : o.outcome === 'owed'
          ? [{ device: o.device ?? '', reason: o.reason ?? '' }]
          : [],
    ),
    ...(args.resolveOwed ?? []),
  ];
  const alreadyRechecking = args.rechecks.filter((h) => !h).length + count('already-rechecking');
  return {
    edgesChecked: args.checked,
    unmonitored: args.unmonitored,
    ...(args.inMaintenance ? { inMaintenance: args.inMaintenance } : {}),
    inOutage: args.inOutage,
    rechecksStarted: args.rechecks.reduce((n, h) => n + devicesOf(h), 0) - alreadyRechecking,
    alreadyRechecking,
    recovered: count('recovered'),
    ticketsCreated: count('ticket-created'),
    ticketsUnresolved: count('ticket-unresolved'),
    ticketsInProgress: count('ticket-in-progress'),
    ticketsResolved: args.dryRun ? 0 : args.resolved.length,
    ...(failures.length ? { recheckFailed: failures.length, recheckFailures: failures.slice(0, DISCARDS_SHOWN) } : {}),
    ...(owed.length ? { owed: owed.length, owedDevices: owed.slice(0, DISCARDS_SHOWN) } : {}),
    ...(args.resolveFailures?.length
      ? { resolveFailed: args.resolveFailures.length, resolveFailures: args.resolveFailures.slice(0, DISCARDS_SHOWN) }
      : {}),
    discarded: args.discards?.length ?? 0,
    discards: (args.discards ?? []).slice(0, DISCARDS_SHOWN),
    dryRun: args.dryRun,
    intendedActions: args.dryRun
      ? [
          ...outcomes.flatMap((o) => o.actions),
          ...args.resolved.map((ticketId) => ({ action: 'resolve-ticket' as const, ticketId })),
        ]
      : [],
  };
}

/** What one page or batch of a device check found (VeloCloud `checkEdges`, Hawkeye `checkProbes`). */
export interface DeviceCheck {
  checked: number;
  unmonitored: number;
  /** Devices in a maintenance window (absent before maintenance windows, or with none). */
  inMaintenance?: number;
  healthy: Array<{ clientId: string; serialNumbers: string[] }>;
  /** Absent in results recorded before per-item discards. */
  discards?: Array<{ device: string; reason: string }>;
}

/**
 * The tail every outage cycle shares: resolve the tickets of devices healthy again, wait for this
 * cycle's rechecks, tally, and show the outcome where ops look (current details, `Outcome`).
 */
export async function finishCycle(args: {
  /** How the cycle names its devices in the UI: "edges down", "probes offline". */
  devices: string;
  checks: DeviceCheck[];
  inOutage: number;
  rechecks: RecheckHandle[];
  dryRun: boolean;
  concurrency: number;
  resolveNotes?: Record<string, string>;
  /** Flapping edges, their tickets held open (flap damping). */
  flapping?: number;
}): Promise<OutageCycleResult> {
  const {
    resolved,
    failures: resolveFailures,
    owed: resolveOwed,
  } = await resolveRecovered(
    args.checks.flatMap((c) => c.healthy),
    args.dryRun,
    args.concurrency,
    args.resolveNotes,
  );
  const result = await tallyCycle({
    checked: args.checks.reduce((n, c) => n + c.checked, 0),
    unmonitored: args.checks.reduce((n, c) => n + c.unmonitored, 0),
    inMaintenance: args.checks.reduce((n, c) => n + (c.inMaintenance ?? 0), 0),
    inOutage: args.inOutage,
    rechecks: args.rechecks,
    resolved,
    resolveFailures,
    resolveOwed,
    dryRun: args.dryRun,
    discards: args.checks.flatMap((c) => c.discards ?? []),
  });
  showCycle(result, args.devices, args.flapping);
  return result;
}

/** Shows a cycle's outcome where ops look: its current details, and `Outcome` for a search. */
export function showCycle(
  result: OutageCycleResult,
  /** How the cycle names its devices in the UI: "edges down", "probes offline". */
  devices: string,
  /** Flapping edges, their tickets held open (flap damping). */
  flapping = 0,
): void {
  setCurrentDetails(
    `${result.inOutage} of ${result.edgesChecked} ${devices}; ${result.ticketsCreated} created, ` +
      `${result.ticketsUnresolved} unresolved, ${result.ticketsResolved} resolved` +
      (flapping ? `; ${flapping} flapping, their tickets held open (see flapping)` : '') +
      (result.inMaintenance ? `; ${result.inMaintenance} in maintenance, left alone` : '') +
      (result.discarded > 0 ? `; ${result.discarded} malformed and left out (see discards)` : '') +
      (result.recheckFailed ? `; ${result.recheckFailed} rechecks failed (see recheckFailures)` : '') +
      (result.owed
        ? `; ${result.owed} devices with side effects owed, delivered when the vendor answers (see owedDevices)`
        : '') +
      (result.resolveFailed ? `; ${result.resolveFailed} not resolved, Bruin failed (see resolveFailures)` : ''),
  );
  const outcome = runOutcome(result.dryRun, () =>
    result.inOutage > 0
      ? 'outages'
      : result.inMaintenance
        ? 'in-maintenance'
        : result.discarded > 0
          ? 'discards'
          : 'all-healthy',
  );
  upsertSearchAttributes([{ key: SearchAttr.Outcome, value: outcome }]);
}
