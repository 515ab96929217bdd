import { executeChild, setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { chunk } from '../../domain/batches';
import { addTallies, type FleetTally } from '../../domain/fleet';
import { SearchAttr } from '../../domain/search-attributes';
import { fleet, notifier } from '../activities';
import { monitoredEdgeBatches, type EdgeBatch } from '../outage/edge-batches';
import { BATCHES_PER_SEGMENT, inSegments } from '../segments';
import { autoUpgrade } from '../versioning';
import { countBatches, sitesSegment } from './sites-segment';

export interface SitesMonitorInput {
  hosts: string[];
  enterprisesPerBatch?: number;
  concurrency?: number;
  /** The notifier interval (`SITES_SLACK_INTERVAL`): one Slack summary per interval in which some edge was faulty. */
  summaryIntervalSeconds?: number;
  /** Batches per segment child (BATCHES_PER_SEGMENT); a fleet of no more is counted in the cycle itself. */
  batchesPerSegment?: number;
}

/** Seed 000's notifier interval when the schedule names none. */
export const DEFAULT_SUMMARY_INTERVAL_SECONDS = 3600;

export interface SitesMonitorResult {
  edgesProcessed: number;
  faulty: number;
  discarded: number;
  takenAt: string;
}

/**
 * The sites monitor (seeds 000 and 002): every edge's and link's state, counted per host, enterprise
 * and state, stored as this cycle's snapshot (the metrics endpoint of every process serves the latest)
 * and added to the statistics of its notifier interval. The first cycle of an interval sends the one
 * before: one Slack message with the fleet's counts and each faulty edge's cycles, first and last seen,
 * only if some edge was faulty in it.
 */
export async function sitesMonitor(input: SitesMonitorInput): Promise<SitesMonitorResult> {
  const { edges, batches } = await monitoredEdgeBatches(input.hosts, input.enterprisesPerBatch ?? 10);
  const cycle = workflowInfo().workflowId;
  const takenAt = new Date(workflowInfo().runStartTime).toISOString();
  const intervalSeconds = input.summaryIntervalSeconds ?? DEFAULT_SUMMARY_INTERVAL_SECONDS;
  const tally = await countFleet(input, cycle, edges, batches);
  const owed = await fleet.takeSitesCycle({ cycle, takenAt, intervalSeconds });
  for (const summary of owed) {
    // One message per interval whichever cycle sends it: keyed by the interval across runs, so a cycle that finds
    // it still open (the one before died between the post and the close) meets the ledger's key.
    await notifier.postSlackMessage({
      step: 'sites-summary',
      businessId: `sites-summary-${summary.intervalStart}`,
      acrossRuns: true,
      text: summary.text,
    });
    await fleet.closeSitesInterval({ intervalStart: summary.intervalStart });
  }
  setCurrentDetails(
    `${tally.edgesProcessed} edges, ${tally.faulty} faulty` +
      (tally.discarded ? `; ${tally.discarded} malformed and not counted` : ''),
  );
  upsertSearchAttributes([{ key: SearchAttr.Outcome, value: tally.faulty ? 'faulty-edges' : 'all-healthy' }]);
  return { ...tally, takenAt };
}
autoUpgrade(sitesMonitor);

/** Every batch counted, its counts kept in the store: in this cycle for a small fleet, in segment children for a large one. */
async function countFleet(
  input: SitesMonitorInput,
  cycle: string,
  edges: number,
  batches: EdgeBatch[],
): Promise<FleetTally> {
  const perSegment = input.batchesPerSegment ?? BATCHES_PER_SEGMENT;
  const segments = chunk(batches, perSegment);
  if (segments.length <= 1) {
    setCurrentDetails(`Reading ${edges} edges in ${batches.length} batches`);
    return countBatches(cycle, batches, 1, input.concurrency);
  }
  setCurrentDetails(`Reading ${edges} edges in ${segments.length} segments`);
  const tallies = await inSegments(segments, (batches, segment, start) =>
    executeChild(sitesSegment, {
      ...start,
      args: [
        {
          cycle,
          batches,
          firstPart: (segment - 1) * perSegment + 1,
          concurrency: input.concurrency,
          segment,
          of: segments.length,
        },
      ],
    }),
  );
  return addTallies(tallies);
}
