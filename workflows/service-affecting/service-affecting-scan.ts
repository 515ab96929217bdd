import {
  ActivityFailure,
  ChildWorkflowFailure,
  ParentClosePolicy,
  setCurrentDetails,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { chunk, mapBounded, mergeClientSerials } from '../../domain/batches';
import { runOutcome, SearchAttr } from '../../domain/search-attributes';
import { autoResolveDecision, autoResolveNote } from '../../domain/service-affecting';
import { serviceAffectingWorkflowId, VAS_TICKET_SUBJECTS, vasTicketSubject } from '../../domain/workflow-ids';
import { appStore, bruin, bruinBulk, velocloud } from '../activities';
import { activityFailureReason, gaveUp, orActivityFailure, orGaveUp } from '../activity-failure';
import { owe } from '../owed/owe';
import { startRecheckOnce } from '../outage/cycle';
import type { EdgeBatch } from '../outage/edge-batches';
import { autoUpgrade } from '../versioning';
import { serviceAffectingEdge, type ServiceAffectingEdgeResult } from './service-affecting-edge';
import type { ServiceAffectingMonitorInput, ServiceAffectingMonitorResult } from './service-affecting-monitor';

/** Troubles and failures listed in a scan's result (the counts cover them all). */
export const SHOWN = 50;
/** Clients whose open VAS tickets one activity looks up (one Bruin query each, heartbeated). */
const CLIENTS_PER_LOOKUP = 50;

export interface ServiceAffectingSegmentInput {
  /** The scan's own input: thresholds, auto-resolve policy, recipients, dry run. */
  scan: ServiceAffectingMonitorInput;
  /** The scan's instant (its start): every segment reads the same window of link metrics. */
  at: string;
  batches: EdgeBatch[];
  /** This segment's place among the scan's (1-based), for the UI. */
  segment: number;
  of: number;
}

/**
 * A share of one service-affecting scan's batches, handled as a small fleet's whole scan is: its edges' links against
 * the thresholds, a child per troubled edge, the cleared edges' VAS tickets resolved. A large fleet's scan runs one per
 * `batchesPerSegment` batches, so no history carries more than a segment's edges (one scan of 100,000 edges wrote a
 * 7.1 MB history: every clear edge's serial, twice).
 */
export async function serviceAffectingSegment(
  input: ServiceAffectingSegmentInput,
): Promise<ServiceAffectingMonitorResult> {
  setCurrentDetails(`Segment ${input.segment} of ${input.of}: ${input.batches.length} scan batches`);
  return scanSegment(input.scan, input.batches, input.at);
}
autoUpgrade(serviceAffectingSegment);

/**
 * Scans these batches' edges' links against the thresholds (at `at`), starts one child per troubled edge
 * (`service-affecting/<host>/<edgeId>`, in waves), then resolves the open VAS tickets of edges clear long enough, with
 * a note, at most `maxPerTicket` times each: a segment's work, or a small fleet's whole scan (run in the monitor).
 */
export async function scanSegment(
  input: ServiceAffectingMonitorInput,
  batches: EdgeBatch[],
  at: string,
): Promise<ServiceAffectingMonitorResult> {
  const dryRun = input.dryRun ?? false;
  const concurrency = input.concurrency ?? 8;
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
  showScan(result, failures.length);
  return result;
}

/** Shows a scan's outcome where ops look: its current details, and `Outcome` for a search. */
export function showScan(result: ServiceAffectingMonitorResult, failed: number): void {
  setCurrentDetails(
    `${result.troubledEdges} of ${result.edgesChecked} edges with troubles; ${result.ticketsCreated} VAS tickets created, ` +
      `${result.ticketsNoted} noted, ${result.ticketsResolved} auto-resolved` +
      (result.inMaintenance ? `; ${result.inMaintenance} in maintenance, left alone` : '') +
      (result.discarded ? `; ${result.discarded} malformed records left out (see discards)` : '') +
      (result.owed ? `; ${result.owed} owed, delivered when Bruin and the channels answer (see owedWork)` : '') +
      (failed ? `; ${failed} failed (see failures)` : ''),
  );
  upsertSearchAttributes([
    {
      key: SearchAttr.Outcome,
      value: runOutcome(result.dryRun, () =>
        failed ? 'failures' : result.troubledEdges ? 'troubles' : result.inMaintenance ? 'in-maintenance' : 'all-clear',
      ),
    },
  ]);
}

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

/** A large fleet's scan, told as one: its segments' counts added up, their listed items the first of each kind. */
export function mergeScanResults(parts: readonly ServiceAffectingMonitorResult[]): ServiceAffectingMonitorResult {
  const sum = (count: (r: ServiceAffectingMonitorResult) => number | undefined) =>
    parts.reduce((n, r) => n + (count(r) ?? 0), 0);
  const inMaintenance = sum((r) => r.inMaintenance);
  return {
    edgesChecked: sum((r) => r.edgesChecked),
    unmonitored: sum((r) => r.unmonitored),
    troubledEdges: sum((r) => r.troubledEdges),
    holding: sum((r) => r.holding),
    ...(inMaintenance ? { inMaintenance } : {}),
    alreadyChecking: sum((r) => r.alreadyChecking),
    ticketsCreated: sum((r) => r.ticketsCreated),
    ticketsNoted: sum((r) => r.ticketsNoted),
    nothingNew: sum((r) => r.nothingNew),
    ticketsResolved: sum((r) => r.ticketsResolved),
    resolveWaiting: sum((r) => r.resolveWaiting),
    resolveLimitReached: sum((r) => r.resolveLimitReached),
    owed: sum((r) => r.owed),
    failures: parts.flatMap((r) => r.failures).slice(0, SHOWN),
    discarded: sum((r) => r.discarded),
    discards: parts.flatMap((r) => r.discards).slice(0, SHOWN),
    dryRun: parts.some((r) => r.dryRun),
    intended: parts.flatMap((r) => r.intended),
  };
}
