import type { Duration } from '@temporalio/common';
import { executeChild, setCurrentDetails, workflowInfo } from '@temporalio/workflow';
import { chunk } from '../../domain/batches';
import type { FlapPolicy } from '../../domain/flapping';
import { BATCHES_PER_SEGMENT, inSegments } from '../segments';
import { autoUpgrade } from '../versioning';
import { showCycle, type OutageCycleResult } from './cycle';
import { monitoredEdgeBatches } from './edge-batches';
import type { FlappingTally } from './flapping';
import { checkSegment, mergeSegmentResults, outageSegment } from './outage-segment';

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
  /** Check batches per segment child (BATCHES_PER_SEGMENT); a fleet of no more is checked in the cycle itself. */
  batchesPerSegment?: number;
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
 * One outage monitoring cycle: pages through the monitored edges enterprise by enterprise, rechecks the faulty edges in
 * batches and resolves the outage tickets of edges that are healthy again. A fleet of up to `batchesPerSegment` check
 * batches is handled here; a larger one in segment children of that many batches each, whose tallies this cycle adds
 * up, so no history grows with the fleet.
 */
export async function outageMonitor(input: OutageMonitorInput): Promise<OutageMonitorResult> {
  const { edges, batches } = await monitoredEdgeBatches(input.hosts, input.enterprisesPerBatch ?? 10);
  setCurrentDetails(`Checking ${edges} edges in ${batches.length} batches`);
  const segments = chunk(batches, input.batchesPerSegment ?? BATCHES_PER_SEGMENT);
  const cycleWorkflowId = workflowInfo().workflowId;
  if (segments.length <= 1) return checkSegment(input, batches, { cycleWorkflowId });
  setCurrentDetails(`Checking ${edges} edges in ${segments.length} segments`);
  const parts = await inSegments(segments, (batches, segment, start) =>
    executeChild(outageSegment, {
      ...start,
      args: [{ cycle: input, cycleWorkflowId, batches, segment, of: segments.length }],
    }),
  );
  const result = mergeSegmentResults(parts);
  showCycle(result, 'edges down', result.flapping?.flapping);
  return result;
}
autoUpgrade(outageMonitor);
