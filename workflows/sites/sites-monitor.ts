import { deprecatePatch, setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { mapBounded } from '../../domain/batches';
import { mergeCounts } from '../../domain/fleet';
import { SearchAttr } from '../../domain/search-attributes';
import { fleet, notifier, velocloud } from '../activities';
import { monitoredEdgeBatches } from '../outage/edge-batches';
import { autoUpgrade } from '../versioning';

export interface SitesMonitorInput {
  hosts: string[];
  enterprisesPerBatch?: number;
  concurrency?: number;
  /** The notifier interval (`SITES_SLACK_INTERVAL`): one Slack summary per interval in which some edge was faulty. */
  summaryIntervalSeconds?: number;
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
  setCurrentDetails(`Reading ${edges} edges in ${batches.length} batches`);
  const parts = await mapBounded(batches, input.concurrency ?? 8, (b) =>
    velocloud.summarized(`Edge and link states of ${b.enterpriseIds.length} enterprises on ${b.host}`).fleetStates(b),
  );
  const counts = mergeCounts(parts);
  const takenAt = new Date(workflowInfo().runStartTime).toISOString();
  const snapshot = { ...counts, cycle: workflowInfo().workflowId, takenAt };
  // Retired: a Slack summary per cycle (docs/development/patch-register.md).
  deprecatePatch('sites-summary-per-interval');
  const owed = await fleet.saveSitesCycle({
    snapshot,
    intervalSeconds: input.summaryIntervalSeconds ?? DEFAULT_SUMMARY_INTERVAL_SECONDS,
  });
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
    `${counts.edgesProcessed} edges, ${counts.faulty.length} faulty` +
      (counts.discards.length ? `; ${counts.discards.length} malformed and not counted` : ''),
  );
  upsertSearchAttributes([{ key: SearchAttr.Outcome, value: counts.faulty.length ? 'faulty-edges' : 'all-healthy' }]);
  return {
    edgesProcessed: counts.edgesProcessed,
    faulty: counts.faulty.length,
    discarded: counts.discards.length,
    takenAt,
  };
}
autoUpgrade(sitesMonitor);
