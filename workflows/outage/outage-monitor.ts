import type { Duration } from '@temporalio/common';
import { deprecatePatch, ParentClosePolicy, setCurrentDetails, startChild, workflowInfo } from '@temporalio/workflow';
import { chunk, mapBounded } from '../../domain/batches';
import type { EdgeStatus } from '../../domain/outage';
import { SearchAttr } from '../../domain/search-attributes';
import { outageRecheckBatchWorkflowId, outageTicketSubject } from '../../domain/workflow-ids';
import { enterpriseKey, groupStorms, stormAlert, stormCandidates, type HeldAlert } from '../../domain/outage-storm';
import { notifier, velocloud } from '../activities';
import { gaveUp, orGaveUp } from '../activity-failure';
import type { OwedStep } from '../owed/api';
import { owe } from '../owed/owe';
import { monitoredEdgeBatches } from './edge-batches';
import { finishCycle, type OutageCycleResult, type RecheckHandle } from './cycle';
import { edgeKey, outageRecheckBatch } from './outage-recheck-batch';
import { resolveNotesFor, tallyDamping, withIntendedFlapNotes, type FlappingTally } from './flapping';
import { flapDampingOn, type FlapPolicy } from '../../domain/flapping';
import { autoUpgrade } from '../versioning';

export interface OutageMonitorInput {
  hosts: string[];
  dryRun?: boolean;
  /** Enterprises read per VeloCloud activity (statuses are fetched per enterprise, not per edge). */
  enterprisesPerBatch?: number;
  /** Batches in flight at once. */
  concurrency?: number;
  recheckDelay?: Duration;
  rebootDigi?: boolean;
  /** Faulty edges per recheck batch (one child execution each). */
  edgesPerRecheck?: number;
  /** One Slack message for an enterprise's new tickets when a cycle opens at least this many (0 or absent: off). */
  stormMinTickets?: number;
  /** The Web UI's namespace page (`http://host:port/namespaces/<ns>`), for the storm message's link to the cycle. */
  uiBaseUrl?: string;
  /** Flap damping (absent, or `transitions` 0: off): a flapping edge's ticket stays open with one note. */
  flap?: FlapPolicy;
}

export type OutageMonitorResult = OutageCycleResult & {
  /** Enterprises whose new tickets went out as one storm message this cycle, with how many. */
  storms?: Array<{ enterprise: string; tickets: number }>;
  /** Flap damping: edges flapping this cycle (tickets held open), notes written, notes still to write. */
  flapping?: FlappingTally;
  /** Flap damping: edges stable again after flapping, whose tickets were resolved with a note that says so. */
  settled?: number;
};

/**
 * One outage monitoring cycle: pages through the monitored edges enterprise by enterprise, rechecks
 * the faulty edges in batches (at most one recheck per edge at a time, whatever overlaps), and resolves
 * the outage tickets of edges that are healthy again.
 */
export async function outageMonitor(input: OutageMonitorInput): Promise<OutageMonitorResult> {
  const dryRun = input.dryRun ?? false;
  const concurrency = input.concurrency ?? 8;
  const { edges, batches } = await monitoredEdgeBatches(input.hosts, input.enterprisesPerBatch ?? 10);
  setCurrentDetails(`Checking ${edges} edges in ${batches.length} batches`);
  const flap = flapDampingOn(input.flap) ? input.flap : undefined;
  const checks = await mapBounded(batches, concurrency, (b) =>
    velocloud
      .summarized(`Check ${b.enterpriseIds.length} enterprises on ${b.host}`)
      .checkEdges(flap ? { ...b, flap, lookedAt: workflowInfo().runStartTime.toISOString(), dryRun } : b),
  );
  const flapping = checks.flatMap((c) => c.flapping ?? []);
  const settled = checks.flatMap((c) => c.settled ?? []);
  const faulty = checks.flatMap((c) => c.faulty);

  // One child per batch of faulty edges (retired: one per edge, hundreds in one workflow task at 20,000 edges).
  deprecatePatch('outage-recheck-batched');
  setCurrentDetails(`${faulty.length} edges look down: rechecking them in batches`);
  // Enterprises that may storm this cycle: their batches hold new tickets' alerts back for one message.
  const holdAlertsFor = dryRun ? [] : stormCandidates(faulty, input.stormMinTickets ?? 0);
  const rechecks = await startRecheckBatches(faulty, input, dryRun, holdAlertsFor);
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
autoUpgrade(outageMonitor);

/** The faulty edges' recheck batches, started side by side; each answers for its edges, in order. */
async function startRecheckBatches(
  faulty: EdgeStatus[],
  input: OutageMonitorInput,
  dryRun: boolean,
  holdAlertsFor: string[],
): Promise<RecheckHandle[]> {
  const batches = chunk(faulty, input.edgesPerRecheck ?? 50);
  const handles = await Promise.all(
    batches.map((edges, i) =>
      startChild(outageRecheckBatch, {
        workflowId: outageRecheckBatchWorkflowId(workflowInfo().workflowId, i + 1),
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
