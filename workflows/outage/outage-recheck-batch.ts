import type { Duration } from '@temporalio/common';
import {
  CancellationScope,
  setCurrentDetails,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { EdgeReading } from '../../activities/velocloud/activities';
import {
  classifyEdge,
  newOutageTicketAlert,
  outageNote,
  type EdgeStatus,
  type MonitoredEdge,
} from '../../domain/outage';
import { enterpriseKey, type HeldAlert } from '../../domain/outage-storm';
import { SearchAttr } from '../../domain/search-attributes';
import { outageTicketSubject } from '../../domain/workflow-ids';
import { gaveUp, orActivityFailure, orGaveUp } from '../activity-failure';
import { appStore, bruin, digi, notifier, velocloud } from '../activities';
import type { OwedStep } from '../owed/api';
import { owe } from '../owed/owe';
import type { IntendedAction, RecheckOutcome } from './recheck-result';
import { autoUpgrade } from '../versioning';

/** An edge the cycle saw down, as the batch is given it. */
export type SuspectEdge = MonitoredEdge;

export interface OutageRecheckBatchInput {
  edges: SuspectEdge[];
  /** How long to wait before the second look (the seeds' 5 seconds). */
  recheckDelay?: Duration;
  /** Compute and return the intended actions without changing anything. */
  dryRun?: boolean;
  /** Reboot the Digi modem in front of an edge when a new ticket is created for it. */
  rebootDigi?: boolean;
  /**
   * Enterprises (`host/enterpriseId`) whose new tickets' alerts are held back and returned (`heldAlert`): the cycle
   * sends one storm message for them, or each alert when the storm did not come (issue 30 item 4).
   */
  holdAlertsFor?: string[];
}

/** What the recheck did for one edge (`edge` is `host/edgeId`, as in the `EdgeIds` search attribute). */
export interface EdgeRecheck {
  edge: string;
  outcome:
    | RecheckOutcome
    /** Another cycle's batch holds this edge: it rechecks it, not this one. */
    | 'already-rechecking'
    /** VeloCloud answered with a broken record on the second look (`reason`). */
    | 'unreadable'
    /**
     * Still down, and its ticket step is owed (Bruin did not answer within the retries, or the device's earlier
     * side effects are still owed): the device's `owedWork` queue delivers it in order. `reason` says why.
     */
    | 'owed'
    /** Bruin refused for good (`reason`). */
    | 'failed';
  ticketId?: string;
  /** Side effects handed to the device's owed queue (`owedWork`): the ticket step, the new ticket's alert, the reboot. */
  owed?: Array<OwedStep['kind']>;
  /** What was done, or in dry-run mode what would have been done. */
  actions: IntendedAction[];
  reason?: string;
  /** A new ticket's alert held back for the cycle (its enterprise may be in a storm). */
  heldAlert?: HeldAlert;
}

export interface OutageRecheckBatchResult {
  edges: EdgeRecheck[];
}

/** Longer than a batch can take with every vendor retrying (about 10 minutes), short enough not to block an edge for long. */
const CLAIM_MINUTES = 20;

/** The batch's one-word outcome for search (`Outcome`): the most consequential of its edges'. */
const OUTCOME_RANK: ReadonlyArray<EdgeRecheck['outcome']> = [
  'failed',
  'owed',
  'ticket-created',
  'ticket-unresolved',
  'ticket-in-progress',
  'unreadable',
  'dry-run',
  'recovered',
  'already-rechecking',
];

export const edgeKey = (e: Pick<SuspectEdge, 'host' | 'edgeId'>): string => `${e.host}/${e.edgeId}`;

/**
 * The second look at a batch of edges that looked down, shared by all of them: claim them (another
 * overlapping cycle may be on some), wait once, read them all in one VeloCloud activity, and for each
 * still down take the ticket step (one Bruin activity) and tell the NOC about new tickets. One
 * execution per batch instead of one per edge keeps a large outage cycle's history and its server
 * round trips in proportion to the batches, not the edges; `EdgeIds` finds the batch from an edge.
 */
export async function outageRecheckBatch(input: OutageRecheckBatchInput): Promise<OutageRecheckBatchResult> {
  const dryRun = input.dryRun ?? false;
  const holder = workflowInfo().workflowId;
  const all = input.edges.map(edgeKey);
  // A dry run changes nothing, claims included: it must not hold up a real cycle's recheck.
  const claimed = new Set(
    dryRun ? all : await appStore.claimRechecks({ devices: all, holder, minutes: CLAIM_MINUTES }),
  );
  const mine = input.edges.filter((e) => claimed.has(edgeKey(e)));
  // Devices whose earlier side effects are still owed: this batch's decision queues behind them, in order.
  const owed = new Set(
    !dryRun && mine.length > 0
      ? await appStore.owedAmong({ subjects: mine.map((e) => outageTicketSubject(e.serialNumber)) })
      : [],
  );
  const delay = input.recheckDelay ?? '5s';
  setCurrentDetails(
    `${mine.length} edges looked down; second look in ${String(delay)}` +
      (mine.length < all.length ? ` (${all.length - mine.length} already rechecked by another cycle)` : ''),
  );
  // None of them when every edge is another cycle's: then there is nothing to wait for.
  let rechecked: EdgeRecheck[] = [];
  try {
    if (mine.length > 0) {
      await sleep(delay);
      // VeloCloud down past the retries: each edge is reported with the reason and the next cycle looks again,
      // rather than the batch (and with it the whole cycle's tally) failing.
      const readings = await orActivityFailure(
        () => velocloud.summarized(`Second look at ${mine.length} edges`).edgeStatuses({ edges: mine }),
        (reason) => ({ failed: `VeloCloud: ${reason}` }),
      );
      rechecked =
        'failed' in readings
          ? mine.map((edge) => ({ edge: edgeKey(edge), outcome: 'failed', actions: [], reason: readings.failed }))
          : await Promise.all(
              mine.map((edge, i) =>
                recheckEdge(edge, readings[i], input, owed.has(outageTicketSubject(edge.serialNumber))),
              ),
            );
    }
  } finally {
    if (!dryRun && claimed.size > 0)
      await CancellationScope.nonCancellable(() => appStore.releaseRechecks({ devices: [...claimed], holder }));
  }
  const byEdge = new Map(rechecked.map((r) => [r.edge, r]));
  const edges = all.map(
    (edge): EdgeRecheck => byEdge.get(edge) ?? { edge, outcome: 'already-rechecking', actions: [] },
  );
  return { edges: recordBatch(edges) };
}
autoUpgrade(outageRecheckBatch);

/**
 * One edge's verdict after the second look, and the ticket step when it is still down. A side effect Bruin,
 * Slack or Digi did not take within the retries is handed to the device's owed queue; with `owed` (earlier ones
 * are still there) the ticket step goes to that queue straight away, behind them.
 */
async function recheckEdge(
  edge: SuspectEdge,
  reading: EdgeReading | { unreadable: string },
  input: OutageRecheckBatchInput,
  owed: boolean,
): Promise<EdgeRecheck> {
  const key = edgeKey(edge);
  if ('unreadable' in reading) return { edge: key, outcome: 'unreadable', actions: [], reason: reading.unreadable };
  const health = classifyEdge(reading);
  if (!health.outage) return { edge: key, outcome: 'recovered', actions: [] };
  const rebootAction = input.rebootDigi ? [{ action: 'reboot' as const, serial: edge.serialNumber }] : [];
  if (input.dryRun)
    return {
      edge: key,
      outcome: 'dry-run',
      actions: [
        { action: 'create-ticket', serviceNumber: edge.serialNumber },
        { action: 'append-note', ticketId: 'new' },
        { action: 'slack', ticketId: 'new' },
        ...rebootAction,
      ],
    };

  const since = workflowInfo().runStartTime.toISOString();
  const status: EdgeStatus = { ...edge, ...reading };
  const note = outageNote(status, health, since);
  const alertDevice = `edge ${edge.name} (${edge.host}, edge ${edge.edgeId}): ${health.reason}`;
  const subject = outageTicketSubject(edge.serialNumber);
  const oweIt = async (what: string, step: OwedStep, reason: string) =>
    owe(subject, `${key}/${what}`, step, reason, key);
  const ticketStep: OwedStep = {
    kind: 'outage-ticket',
    clientId: edge.clientId,
    serviceNumber: edge.serialNumber,
    note,
    since,
    alertDevice,
    ...(input.rebootDigi ? { rebootSerial: edge.serialNumber } : {}),
  };
  if (owed) {
    const reason = 'earlier side effects of this device are still owed';
    await oweIt('ticket', ticketStep, reason);
    return { edge: key, outcome: 'owed', actions: [], owed: ['outage-ticket'], reason };
  }
  const step = await orGaveUp(() =>
    bruin.summarized(`Outage ticket for edge ${edge.name} (${key})`).raiseOutageTicketOnce({
      clientId: edge.clientId,
      serviceNumber: edge.serialNumber,
      note,
      since,
    }),
  );
  if (gaveUp(step)) {
    const reason = `Bruin: ${step.gaveUp}`;
    if (step.permanent) return { edge: key, outcome: 'failed', actions: [], reason };
    await oweIt('ticket', ticketStep, reason);
    return { edge: key, outcome: 'owed', actions: [], owed: ['outage-ticket'], reason };
  }
  const { outcome, ticketId } = step;
  if (outcome === 'ticket-in-progress') return { edge: key, outcome, ticketId, actions: [] };
  if (outcome === 'ticket-unresolved')
    return {
      edge: key,
      outcome,
      ticketId,
      actions: [
        { action: 'append-note', ticketId },
        { action: 'unresolve-ticket', ticketId },
      ],
    };

  // A new ticket: the NOC hears of it (the ledger sends it once), and the modem may be rebooted.
  const slack: OwedStep = {
    kind: 'slack',
    step: 'outage-ticket-created',
    businessId: ticketId,
    text: newOutageTicketAlert(ticketId, alertDevice),
  };
  const hold = input.holdAlertsFor?.includes(enterpriseKey(edge)) ?? false;
  const told = await Promise.all([
    hold
      ? undefined
      : orGaveUp(() => notifier.postSlackMessage({ step: slack.step, businessId: slack.businessId, text: slack.text })),
    input.rebootDigi ? orGaveUp(() => digi.rebootDevice({ serial: edge.serialNumber })) : undefined,
  ]);
  const [alert, reboot] = told.map((t) => (gaveUp(t) ? t : undefined));
  const failures = [alert && `Slack: ${alert.gaveUp}`, reboot && `Digi reboot: ${reboot.gaveUp}`].filter(
    (f): f is string => !!f,
  );
  // Owed (in order: the alert, then the reboot) unless refused for good.
  const owedNow: Array<OwedStep['kind']> = [];
  if (alert && !alert.permanent) {
    await oweIt('slack', slack, `Slack: ${alert.gaveUp}`);
    owedNow.push('slack');
  }
  if (reboot && !reboot.permanent) {
    await oweIt('reboot', { kind: 'digi-reboot', serial: edge.serialNumber }, `Digi reboot: ${reboot.gaveUp}`);
    owedNow.push('digi-reboot');
  }
  return {
    edge: key,
    outcome,
    ticketId,
    actions: [
      { action: 'create-ticket', serviceNumber: edge.serialNumber },
      { action: 'append-note', ticketId },
      ...(alert || hold ? [] : [{ action: 'slack' as const, ticketId }]),
      ...(input.rebootDigi && !reboot ? [{ action: 'reboot' as const, serial: edge.serialNumber }] : []),
    ],
    ...(failures.length ? { reason: failures.join('; ') } : {}),
    ...(owedNow.length ? { owed: owedNow } : {}),
    ...(hold
      ? {
          heldAlert: {
            enterprise: enterpriseKey(edge),
            ticketId,
            serialNumber: edge.serialNumber,
            edgeName: edge.name,
            text: slack.text,
          },
        }
      : {}),
  };
}

/** Shows the batch's outcome where ops look: `Outcome`, `TicketIds`, and the current details. */
function recordBatch(edges: EdgeRecheck[]): EdgeRecheck[] {
  const outcome = OUTCOME_RANK.find((o) => edges.some((e) => e.outcome === o)) ?? 'recovered';
  const ticketIds = [...new Set(edges.flatMap((e) => (e.ticketId ? [e.ticketId] : [])))];
  upsertSearchAttributes([
    { key: SearchAttr.Outcome, value: outcome },
    ...(ticketIds.length ? [{ key: SearchAttr.TicketIds, value: ticketIds }] : []),
  ]);
  const count = (o: EdgeRecheck['outcome']) => edges.filter((e) => e.outcome === o).length;
  setCurrentDetails(
    `${edges.length} edges rechecked: ${count('ticket-created')} tickets created, ${count('ticket-unresolved')} reopened, ` +
      `${count('ticket-in-progress')} already in progress, ${count('recovered')} recovered` +
      (edges.some((e) => e.owed)
        ? `; ${edges.filter((e) => e.owed).length} with side effects owed (see owedWork)`
        : '') +
      (edges.some((e) => e.reason) ? `; ${edges.filter((e) => e.reason).length} with failures (see result)` : ''),
  );
  return edges;
}
