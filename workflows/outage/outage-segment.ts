import { ParentClosePolicy, setCurrentDetails, startChild, workflowInfo } from '@temporalio/workflow';
import { chunk, mapBounded } from '../../domain/batches';
import type { EdgeStatus } from '../../domain/outage';
import { SearchAttr } from '../../domain/search-attributes';
import { outageRecheckBatchWorkflowId, outageTicketSubject } from '../../domain/workflow-ids';
import { enterpriseKey, groupStorms, stormAlert, stormCandidates, type HeldAlert } from '../../domain/outage-storm';
import { flapDampingOn } from '../../domain/flapping';
import { notifier, velocloud } from '../activities';
import { gaveUp, orGaveUp } from '../activity-failure';
import type { OwedStep } from '../owed/api';
import { owe } from '../owed/owe';
import { autoUpgrade } from '../versioning';
import { DISCARDS_SHOWN, finishCycle, type RecheckHandle } from './cycle';
import type { EdgeBatch } from './edge-batches';
import { resolveNotesFor, tallyDamping, withIntendedFlapNotes } from './flapping';
import { edgeKey, outageRecheckBatch } from './outage-recheck-batch';
import type { OutageMonitorInput, OutageMonitorResult } from './outage-monitor';

export interface OutageSegmentInput {
  /** The cycle's own input: its hosts, damping, storm threshold, recheck delay and dry-run flag. */
  cycle: OutageMonitorInput;
  /** The cycle's workflow ID: this segment's recheck batches are named after it (`<cycle>/<segment>-<n>`). */
  cycleWorkflowId: string;
  batches: EdgeBatch[];
  /** This segment's place among the cycle's (1-based), for the UI. */
  segment: number;
  of: number;
}

/**
 * A share of one outage cycle's check batches, handled end to end as the whole cycle handles a small fleet: its edges
 * checked, its faulty ones rechecked in batches, its recovered ones' tickets resolved, its storms and flapping edges
 * told. A large fleet's cycle runs one per `batchesPerSegment` batches, so that no execution's history carries more
 * than a segment's edges (the 100,000-edge cycle's own history passed gRPC's 4 MB limit).
 */
export async function outageSegment(input: OutageSegmentInput): Promise<OutageMonitorResult> {
  setCurrentDetails(`Segment ${input.segment} of ${input.of}: ${input.batches.length} check batches`);
  return checkSegment(input.cycle, input.batches, { cycleWorkflowId: input.cycleWorkflowId, segment: input.segment });
}
autoUpgrade(outageSegment);

/** Names a cycle's recheck batches: after the cycle, and the segment when there are several. */
export interface RechecksOf {
  cycleWorkflowId: string;
  segment?: number;
}

/**
 * Checks these batches' edges, rechecks the faulty ones in batches (at most one recheck per edge at a time, whatever
 * overlaps) and resolves the outage tickets of edges that are healthy again: a segment's work, or a small fleet's
 * whole cycle (run in the monitor itself).
 */
export async function checkSegment(
  input: OutageMonitorInput,
  batches: EdgeBatch[],
  /** Whose recheck batches these are: the cycle's own (no segment), or one segment's of it. */
  rechecksOf: RechecksOf,
): Promise<OutageMonitorResult> {
  const dryRun = input.dryRun ?? false;
  const concurrency = input.concurrency ?? 8;
  const flap = flapDampingOn(input.flap) ? input.flap : undefined;
  const checks = await mapBounded(batches, concurrency, (b) =>
    velocloud
      .summarized(`Check ${b.enterpriseIds.length} enterprises on ${b.host}`)
      .checkEdges(flap ? { ...b, flap, lookedAt: workflowInfo().runStartTime.toISOString(), dryRun } : b),
  );
  const flapping = checks.flatMap((c) => c.flapping ?? []);
  const settled = checks.flatMap((c) => c.settled ?? []);
  const faulty = checks.flatMap((c) => c.faulty);

  // One child per batch of faulty edges (one per edge put hundreds in one workflow task at 20,000 edges).
  setCurrentDetails(`${faulty.length} edges look down: rechecking them in batches`);
  // Enterprises that may storm this cycle: their batches hold new tickets' alerts back for one message.
  const holdAlertsFor = dryRun ? [] : stormCandidates(faulty, input.stormMinTickets ?? 0);
  const rechecks = await startRecheckBatches(faulty, input, dryRun, holdAlertsFor, rechecksOf);
  const cycle = await finishCycle({
    devices: 'edges down',
    checks,
    inOutage: faulty.length,
    rechecks,
    dryRun,
    concurrency,
    ...(flap ? resolveNotesFor(settled, flap) : {}),
    ...(flapping.length ? { flapping: flapping.length } : {}),
  });
  const damped = await tallyDamping(flapping, settled, flap, { dryRun, concurrency });
  const result = { ...cycle, ...damped };
  if (dryRun) return withIntendedStorms(withIntendedFlapNotes(result, flapping), faulty, input.stormMinTickets ?? 0);
  if (holdAlertsFor.length === 0) return result;
  const storms = await tellHeldAlerts(rechecks, input);
  return storms.length ? { ...result, storms } : result;
}

/**
 * A dry run's storms: the enterprises whose still-down edges would open at least `stormMinTickets` tickets, listed as
 * a `storm-alert` each (their per-ticket `slack` actions would be held back for it).
 */
function withIntendedStorms(result: OutageMonitorResult, faulty: EdgeStatus[], min: number): OutageMonitorResult {
  const stillDown = new Set(
    result.intendedActions.flatMap((a) => (a.action === 'create-ticket' ? [a.serviceNumber] : [])),
  );
  const candidates = faulty.filter((e) => stillDown.has(e.serialNumber));
  const storms = stormCandidates(candidates, min).map((enterprise) => ({
    enterprise,
    tickets: candidates.filter((e) => enterpriseKey(e) === enterprise).length,
  }));
  if (storms.length === 0) return result;
  return {
    ...result,
    intendedActions: [
      ...result.intendedActions,
      ...storms.map((s) => ({ action: 'storm-alert' as const, enterprise: s.enterprise, tickets: s.tickets })),
    ],
  };
}
/** The faulty edges' recheck batches, started side by side; each answers for its edges, in order. */
async function startRecheckBatches(
  faulty: EdgeStatus[],
  input: OutageMonitorInput,
  dryRun: boolean,
  holdAlertsFor: string[],
  { cycleWorkflowId, segment }: RechecksOf,
): Promise<RecheckHandle[]> {
  const batches = chunk(faulty, input.edgesPerRecheck ?? 50);
  const handles = await Promise.all(
    batches.map((edges, i) =>
      startChild(outageRecheckBatch, {
        workflowId: outageRecheckBatchWorkflowId(cycleWorkflowId, i + 1, segment),
        args: [
          {
            edges: edges.map(({ host, enterpriseId, edgeId, name, serialNumber, clientId }) => ({
              host,
              enterpriseId,
              edgeId,
              name,
              serialNumber,
              clientId,
            })),
            recheckDelay: input.recheckDelay,
            dryRun,
            rebootDigi: input.rebootDigi,
            ...(holdAlertsFor.length ? { holdAlertsFor } : {}),
          },
        ],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        staticSummary: `Recheck ${edges.length === 1 ? '1 edge' : `${edges.length} edges`} that looked down (batch ${i + 1} of ${batches.length})`,
        typedSearchAttributes: [{ key: SearchAttr.EdgeIds, value: edges.map(edgeKey) }],
      }),
    ),
  );
  return handles.map((handle, i) => {
    const done = handle.result();
    // Awaited only once the cycle tallies (after resolving recovered edges): a batch failing before that must
    // not count as an unhandled rejection meanwhile. The tally still sees the failure.
    void done.catch(() => undefined);
    return { devices: batches[i].length, outcomes: async () => (await done).edges };
  });
}

/**
 * The alerts the batches held back: one storm message per enterprise with at least `stormMinTickets` new tickets, the
 * others one by one as the batch would have sent them. Each is sent once (the ledger, under this cycle's ID); one Slack
 * does not take within the retries is owed to the first edge's queue, like a batch's alert.
 */
async function tellHeldAlerts(
  rechecks: RecheckHandle[],
  input: OutageMonitorInput,
): Promise<Array<{ enterprise: string; tickets: number }>> {
  const held = (await Promise.all(rechecks.map((h) => (h && 'devices' in h ? h.outcomes() : []))))
    .flat()
    .flatMap((o) => (o.heldAlert ? [o.heldAlert] : []));
  const { storms, single } = groupStorms(held, input.stormMinTickets ?? 0);
  const cycleUrl = input.uiBaseUrl && `${input.uiBaseUrl}/workflows/${encodeURIComponent(workflowInfo().workflowId)}`;
  const send = async (first: HeldAlert, slack: Extract<OwedStep, { kind: 'slack' }>) => {
    const sent = await orGaveUp(() =>
      notifier.postSlackMessage({ step: slack.step, businessId: slack.businessId, text: slack.text }),
    );
    if (gaveUp(sent) && !sent.permanent)
      await owe(
        outageTicketSubject(first.serialNumber),
        `${slack.step}/${slack.businessId}`,
        slack,
        `Slack: ${sent.gaveUp}`,
      );
  };
  await mapBounded(storms, 4, (s) =>
    send(s.alerts[0], {
      kind: 'slack',
      step: 'outage-storm',
      businessId: s.enterprise,
      text: stormAlert({ enterprise: s.enterprise, alerts: s.alerts, cycleUrl }),
    }),
  );
  await mapBounded(single, 8, (a) =>
    send(a, { kind: 'slack', step: 'outage-ticket-created', businessId: a.ticketId, text: a.text }),
  );
  return storms.map((s) => ({ enterprise: s.enterprise, tickets: s.alerts.length }));
}

/** A large fleet's cycle, told as one: its segments' counts added up, their listed devices the first of each kind. */
export function mergeSegmentResults(parts: readonly OutageMonitorResult[]): OutageMonitorResult {
  const sum = (count: (r: OutageMonitorResult) => number | undefined) => parts.reduce((n, r) => n + (count(r) ?? 0), 0);
  const listed = <T>(list: (r: OutageMonitorResult) => T[] | undefined) =>
    parts.flatMap((r) => list(r) ?? []).slice(0, DISCARDS_SHOWN);
  /** A count and its list, both absent when no segment had any (as one cycle reports them). */
  const optional = <K extends string, L extends string, T>(
    countKey: K,
    listKey: L,
    count: (r: OutageMonitorResult) => number | undefined,
    list: (r: OutageMonitorResult) => T[] | undefined,
  ) => (sum(count) ? ({ [countKey]: sum(count), [listKey]: listed(list) } as Record<K, number> & Record<L, T[]>) : {});
  const flapping = parts.flatMap((r) => (r.flapping ? [r.flapping] : []));
  const storms = parts.flatMap((r) => r.storms ?? []);
  return {
    edgesChecked: sum((r) => r.edgesChecked),
    unmonitored: sum((r) => r.unmonitored),
    ...(sum((r) => r.inMaintenance) ? { inMaintenance: sum((r) => r.inMaintenance) } : {}),
    inOutage: sum((r) => r.inOutage),
    rechecksStarted: sum((r) => r.rechecksStarted),
    alreadyRechecking: sum((r) => r.alreadyRechecking),
    recovered: sum((r) => r.recovered),
    ticketsCreated: sum((r) => r.ticketsCreated),
    ticketsUnresolved: sum((r) => r.ticketsUnresolved),
    ticketsInProgress: sum((r) => r.ticketsInProgress),
    ticketsResolved: sum((r) => r.ticketsResolved),
    ...optional(
      'recheckFailed',
      'recheckFailures',
      (r) => r.recheckFailed,
      (r) => r.recheckFailures,
    ),
    ...optional(
      'owed',
      'owedDevices',
      (r) => r.owed,
      (r) => r.owedDevices,
    ),
    ...optional(
      'resolveFailed',
      'resolveFailures',
      (r) => r.resolveFailed,
      (r) => r.resolveFailures,
    ),
    discarded: sum((r) => r.discarded),
    discards: listed((r) => r.discards),
    dryRun: parts.some((r) => r.dryRun),
    intendedActions: parts.flatMap((r) => r.intendedActions),
    ...(storms.length ? { storms } : {}),
    ...(flapping.length
      ? {
          flapping: {
            flapping: flapping.reduce((n, f) => n + f.flapping, 0),
            noted: flapping.reduce((n, f) => n + f.noted, 0),
            notePending: flapping.reduce((n, f) => n + f.notePending, 0),
          },
        }
      : {}),
    ...(sum((r) => r.settled) ? { settled: sum((r) => r.settled) } : {}),
  };
}
