import {
  ActivityFailure,
  ChildWorkflowFailure,
  ParentClosePolicy,
  deprecatePatch,
  setCurrentDetails,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { chunk, mapBounded, mergeClientSerials } from '../../domain/batches';
import { runOutcome, SearchAttr } from '../../domain/search-attributes';
import {
  autoResolveDecision,
  autoResolveNote,
  type AutoResolvePolicy,
  type Thresholds,
} from '../../domain/service-affecting';
import { serviceAffectingWorkflowId, VAS_TICKET_SUBJECTS, vasTicketSubject } from '../../domain/workflow-ids';
import { appStore, bruin, bruinBulk, velocloud } from '../activities';
import { activityFailureReason, gaveUp, orActivityFailure, orGaveUp } from '../activity-failure';
import { owe } from '../owed/owe';
import { startRecheckOnce } from '../outage/cycle';
import { monitoredEdgeBatches } from '../outage/edge-batches';
import { serviceAffectingEdge, type ServiceAffectingEdgeResult } from './service-affecting-edge';
import { autoUpgrade } from '../versioning';

export interface ServiceAffectingMonitorInput {
  hosts: string[];
  thresholds: Thresholds;
  autoResolve: AutoResolvePolicy;
  emailTo: string[];
  dryRun?: boolean;
  enterprisesPerBatch?: number;
  /** Scan batches and client ticket lists in flight at once. */
  concurrency?: number;
  /** Troubled edges' children started, then awaited, at once: one parent absorbing hundreds of starts is slow. */
  wave?: number;
}

export interface ServiceAffectingMonitorResult {
  edgesChecked: number;
  unmonitored: number;
  troubledEdges: number;
  /** Edges over no raise level but not under every clear level (hysteresis): nothing noted, nothing resolved. */
  holding?: number;
  /** Edges in a maintenance window: neither noted nor auto-resolved. */
  inMaintenance?: number;
  /** Troubled edges whose previous check was still running: left to it. */
  alreadyChecking: number;
  ticketsCreated: number;
  ticketsNoted: number;
  nothingNew: number;
  ticketsResolved: number;
  /** Cleared edges' tickets left open: trouble too recent, or the auto-resolve limit reached. */
  resolveWaiting: number;
  resolveLimitReached: number;
  /**
   * Troubled edges' steps and cleared tickets' resolves handed to owed queues (`owed/vas-ticket/<serial>`): Bruin or a
   * channel did not take them within the retries, or the edge's earlier steps were still owed. Absent before owed work.
   */
  owed?: number;
  /** Edges or tickets that failed (the first 50): refused for good, or (before owed work) past their retries. */
  failures: Array<{ item: string; reason: string }>;
  discarded: number;
  discards: Array<{ device: string; reason: string }>;
  dryRun: boolean;
  /** In dry-run mode: what would have been done. */
  intended: Array<
    { action: 'note-troubles'; edge: string; troubles: string[] } | { action: 'resolve-ticket'; ticketId: string }
  >;
}

const SHOWN = 50;
/** Clients whose open VAS tickets one activity looks up (one Bruin query each, heartbeated). */
const CLIENTS_PER_LOOKUP = 50;

/**
 * One service-affecting scan (seed 002): every monitored edge's links against the thresholds, one
 * child per troubled edge (`service-affecting/<host>/<edgeId>`, in waves), then the open VAS tickets
 * of edges clear long enough are resolved with a note, at most `maxPerTicket` times each.
 */
export async function serviceAffectingMonitor(
  input: ServiceAffectingMonitorInput,
): Promise<ServiceAffectingMonitorResult> {
  const dryRun = input.dryRun ?? false;
  const concurrency = input.concurrency ?? 8;
  const at = new Date(workflowInfo().runStartTime).toISOString();
  const { edges, batches } = await monitoredEdgeBatches(input.hosts, input.enterprisesPerBatch ?? 10);
  setCurrentDetails(`Scanning ${edges} edges' links in ${batches.length} batches`);
  const scans = await mapBounded(batches, concurrency, (b) =>
    velocloud
      .summarized(`Scan ${b.enterpriseIds.length} enterprises on ${b.host}`)
      .scanServiceAffecting({ ...b, thresholds: input.thresholds, at }),
  );
  const troubled = scans.flatMap((s) => s.troubled);
  const failures: ServiceAffectingMonitorResult['failures'] = [];
  const outcomes: ServiceAffectingEdgeResult[] = [];
  let alreadyChecking = 0;

  const waves = chunk(troubled, input.wave ?? 100);
  for (const [i, wave] of waves.entries()) {
    setCurrentDetails(`${troubled.length} edges with troubles: wave ${i + 1} of ${waves.length}`);
    const started = await Promise.all(
      wave.map((edge) =>
        startRecheckOnce(() =>
          startChild(serviceAffectingEdge, {
            workflowId: serviceAffectingWorkflowId(edge.host, edge.edgeId),
            args: [
              {
                edge,
                scan: { scanMinutes: input.thresholds.scanMinutes, at, timeZone: input.autoResolve.timeZone },
                emailTo: input.emailTo,
                dryRun,
              },
            ],
            parentClosePolicy: ParentClosePolicy.ABANDON,
            staticSummary: `Service affecting: ${edge.edgeName} (${edge.troubles.map((t) => t.trouble).join(', ')})`,
            typedSearchAttributes: [
              { key: SearchAttr.EdgeId, value: `${edge.host}/${edge.edgeId}` },
              { key: SearchAttr.ClientId, value: edge.clientId },
            ],
          }),
        ),
      ),
    );
    alreadyChecking += started.filter((h) => !h).length;
    await Promise.all(
      started.map(async (handle, j) => {
        if (!handle) return;
        try {
          outcomes.push(await handle.result());
        } catch (err) {
          if (!(err instanceof ChildWorkflowFailure)) throw err;
          // The child failed because an activity did: name the vendor's error, not "Activity task failed".
          const reason =
            err.cause instanceof ActivityFailure ? activityFailureReason(err.cause) : (err.cause ?? err).message;
          failures.push({ item: `edge ${wave[j].host}/${wave[j].edgeId}`, reason });
        }
      }),
    );
  }

  const resolution = await resolveCleared(
    scans.flatMap((s) => s.clear),
    input,
    dryRun,
    concurrency,
    failures,
  );
  const count = (o: ServiceAffectingEdgeResult['outcome']) => outcomes.filter((r) => r.outcome === o).length;
  const discards = scans.flatMap((s) => s.discards);
  const result: ServiceAffectingMonitorResult = {
    edgesChecked: scans.reduce((n, s) => n + s.checked, 0),
    unmonitored: scans.reduce((n, s) => n + s.unmonitored, 0),
    troubledEdges: troubled.length,
    holding: scans.reduce((n, s) => n + (s.holding ?? 0), 0),
    ...(scans.some((s) => s.inMaintenance)
      ? { inMaintenance: scans.reduce((n, s) => n + (s.inMaintenance ?? 0), 0) }
      : {}),
    alreadyChecking,
    ticketsCreated: count('ticket-created'),
    ticketsNoted: count('notes-appended'),
    nothingNew: count('nothing-new'),
    ticketsResolved: dryRun ? 0 : resolution.resolved.length,
    resolveWaiting: resolution.waiting,
    resolveLimitReached: resolution.limitReached,
    owed: count('owed') + resolution.owed,
    failures: failures.slice(0, SHOWN),
    discarded: discards.length,
    discards: discards.slice(0, SHOWN),
    dryRun,
    intended: dryRun
      ? [
          ...troubled.map((e) => ({
            action: 'note-troubles' as const,
            edge: `${e.host}/${e.edgeId}`,
            troubles: e.troubles.map((t) => `${t.trouble} on ${t.interface}`),
          })),
          ...resolution.resolved.map((ticketId) => ({ action: 'resolve-ticket' as const, ticketId })),
        ]
      : [],
  };
  setCurrentDetails(
    `${result.troubledEdges} of ${result.edgesChecked} edges with troubles; ${result.ticketsCreated} VAS tickets created, ` +
      `${result.ticketsNoted} noted, ${result.ticketsResolved} auto-resolved` +
      (result.inMaintenance ? `; ${result.inMaintenance} in maintenance, left alone` : '') +
      (result.discarded ? `; ${result.discarded} malformed records left out (see discards)` : '') +
      (result.owed ? `; ${result.owed} owed, delivered when Bruin and the channels answer (see owedWork)` : '') +
      (failures.length ? `; ${failures.length} failed (see failures)` : ''),
  );
  upsertSearchAttributes([
    {
      key: SearchAttr.Outcome,
      value: runOutcome(dryRun, () =>
        failures.length
          ? 'failures'
          : troubled.length
            ? 'troubles'
            : result.inMaintenance
              ? 'in-maintenance'
              : 'all-clear',
      ),
    },
  ]);
  return result;
}
autoUpgrade(serviceAffectingMonitor);

/**
 * The open VAS tickets of edges with no trouble now (one Bruin query per client): each resolves, with
 * a note, once its newest trouble note is older than the policy's wait and it is under the limit. An edge
 * with steps still owed is left to its queue until they are done (the wait is measured from its notes, so
 * nothing is lost by deciding next cycle); a resolve Bruin does not take within the retries is owed.
 */
async function resolveCleared(
  clear: Array<{ clientId: string; serialNumbers: string[] }>,
  input: ServiceAffectingMonitorInput,
  dryRun: boolean,
  concurrency: number,
  failures: ServiceAffectingMonitorResult['failures'],
): Promise<{ resolved: string[]; waiting: number; limitReached: number; owed: number }> {
  const outcome = { resolved: [] as string[], waiting: 0, limitReached: 0, owed: 0 };
  if (!dryRun) deprecatePatch('service-affecting-owed-work');
  const owedSerials = new Set(
    dryRun
      ? []
      : (await appStore.listOwed({ prefix: VAS_TICKET_SUBJECTS })).map((s) => s.slice(VAS_TICKET_SUBJECTS.length)),
  );
  const clients = mergeClientSerials(
    owedSerials.size === 0
      ? clear
      : clear.map((c) => ({ ...c, serialNumbers: c.serialNumbers.filter((s) => !owedSerials.has(s)) })),
  ).filter((c) => c.serialNumbers.length > 0);
  const open = (
    await mapBounded(chunk(clients, CLIENTS_PER_LOOKUP), concurrency, (batch) =>
      orActivityFailure(
        () => bruinBulk.summarized(`Open VAS tickets of ${batch.length} clients`).openVasTicketsOf({ clients: batch }),
        (reason) => {
          failures.push({ item: `clients ${batch.map((c) => c.clientId).join(', ')}`, reason });
          return [];
        },
      ),
    )
  ).flat();
  const resolve = async (ticket: { ticketId: string; serviceNumber: string }, note: string) => {
    await bruin.appendTicketNote({ ticketId: ticket.ticketId, note });
    await bruin.resolveOutageTicket({ ticketId: ticket.ticketId, serviceNumber: ticket.serviceNumber });
  };
  await mapBounded(open, concurrency, (ticket) =>
    orActivityFailure(
      async () => {
        const notes = await bruin.ticketNotes({ ticketId: ticket.ticketId });
        const decision = autoResolveDecision(notes, Date.now(), input.autoResolve);
        if (!decision.resolve) {
          if (decision.why === 'limit-reached') outcome.limitReached++;
          else outcome.waiting++;
          return;
        }
        const note = autoResolveNote(ticket.serviceNumber, decision.clearedMinutes, workflowInfo().workflowId);
        if (!dryRun) {
          // Decided: past the retries the resolve is owed, not left for a cycle that may see it differently.
          const done = await orGaveUp(() => resolve(ticket, note));
          if (gaveUp(done) && done.permanent) {
            failures.push({ item: `ticket ${ticket.ticketId}`, reason: done.gaveUp });
            return;
          }
          if (gaveUp(done)) {
            await owe(
              vasTicketSubject(ticket.serviceNumber),
              `${ticket.serviceNumber}/resolve`,
              { kind: 'resolve-outage-ticket', serviceNumber: ticket.serviceNumber, ticketId: ticket.ticketId, note },
              `Bruin: ${done.gaveUp}`,
            );
            outcome.owed++;
            return;
          }
        }
        outcome.resolved.push(ticket.ticketId);
      },
      (reason) => void failures.push({ item: `ticket ${ticket.ticketId}`, reason }),
    ),
  );
  return outcome;
}
