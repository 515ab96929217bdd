import { executeChild, setCurrentDetails, workflowInfo } from '@temporalio/workflow';
import { chunk } from '../../domain/batches';
import type { AutoResolvePolicy, Thresholds } from '../../domain/service-affecting';
import { monitoredEdgeBatches } from '../outage/edge-batches';
import { BATCHES_PER_SEGMENT, inSegments } from '../segments';
import { autoUpgrade } from '../versioning';
import { mergeScanResults, scanSegment, serviceAffectingSegment, showScan } from './service-affecting-scan';

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
  /** Scan batches per segment child (BATCHES_PER_SEGMENT); a fleet of no more is scanned in the monitor itself. */
  batchesPerSegment?: number;
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

/**
 * One service-affecting scan (seed 002): every monitored edge's links against the thresholds, one child per troubled
 * edge, then the open VAS tickets of edges clear long enough resolved with a note. A fleet of up to
 * `batchesPerSegment` batches is scanned here; a larger one in segment children of that many batches each, whose
 * tallies this scan adds up, so no history grows with the fleet.
 */
export async function serviceAffectingMonitor(
  input: ServiceAffectingMonitorInput,
): Promise<ServiceAffectingMonitorResult> {
  const at = new Date(workflowInfo().runStartTime).toISOString();
  const { edges, batches } = await monitoredEdgeBatches(input.hosts, input.enterprisesPerBatch ?? 10);
  setCurrentDetails(`Scanning ${edges} edges' links in ${batches.length} batches`);
  const segments = chunk(batches, input.batchesPerSegment ?? BATCHES_PER_SEGMENT);
  if (segments.length <= 1) return scanSegment(input, batches, at);
  setCurrentDetails(`Scanning ${edges} edges' links in ${segments.length} segments`);
  const parts = await inSegments(segments, (batches, segment, start) =>
    executeChild(serviceAffectingSegment, {
      ...start,
      args: [{ scan: input, at, batches, segment, of: segments.length }],
    }),
  );
  const result = mergeScanResults(parts);
  showScan(result, result.failures.length);
  return result;
}
autoUpgrade(serviceAffectingMonitor);
