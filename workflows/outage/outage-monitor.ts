import type { Duration } from '@temporalio/common';
import { deprecatePatch, ParentClosePolicy, setCurrentDetails, startChild, workflowInfo } from '@temporalio/workflow';
import { chunk, mapBounded } from '../../domain/batches';
import type { EdgeStatus } from '../../domain/outage';
import { SearchAttr } from '../../domain/search-attributes';
import { outageRecheckBatchWorkflowId } from '../../domain/workflow-ids';
import { velocloud } from '../activities';
import { monitoredEdgeBatches } from './edge-batches';
import { finishCycle, type OutageCycleResult, type RecheckHandle } from './cycle';
import { edgeKey, outageRecheckBatch } from './outage-recheck-batch';
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
}

export type OutageMonitorResult = OutageCycleResult;

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
  const checks = await mapBounded(batches, concurrency, (b) =>
    velocloud.summarized(`Check ${b.enterpriseIds.length} enterprises on ${b.host}`).checkEdges(b),
  );
  const faulty = checks.flatMap((c) => c.faulty);

  // One child per batch of faulty edges (retired: one per edge, hundreds in one workflow task at 20,000 edges).
  deprecatePatch('outage-recheck-batched');
  setCurrentDetails(`${faulty.length} edges look down: rechecking them in batches`);
  const rechecks = await startRecheckBatches(faulty, input, dryRun);
  return finishCycle({ devices: 'edges down', checks, inOutage: faulty.length, rechecks, dryRun, concurrency });
}
autoUpgrade(outageMonitor);

/** The faulty edges' recheck batches, started side by side; each answers for its edges, in order. */
async function startRecheckBatches(
  faulty: EdgeStatus[],
  input: OutageMonitorInput,
  dryRun: boolean,
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
