import type { Duration } from '@temporalio/common';
import { ParentClosePolicy, setCurrentDetails, startChild } from '@temporalio/workflow';
import { mapBounded } from '../../domain/batches';
import { SearchAttr } from '../../domain/search-attributes';
import { outageRecheckWorkflowId } from '../../domain/workflow-ids';
import { velocloud } from '../activities';
import { monitoredEdgeBatches } from './edge-batches';
import { finishCycle, startRecheckOnce, type OutageCycleResult } from './cycle';
import { edgeOutageRecheck } from './edge-outage-recheck';

export interface OutageMonitorInput {
  hosts: string[];
  dryRun?: boolean;
  /** Enterprises read per VeloCloud activity (statuses are fetched per enterprise, not per edge). */
  enterprisesPerBatch?: number;
  /** Batches in flight at once. */
  concurrency?: number;
  recheckDelay?: Duration;
  rebootDigi?: boolean;
}

export type OutageMonitorResult = OutageCycleResult;

/**
 * One outage monitoring cycle: pages through the monitored edges enterprise by enterprise, starts
 * one recheck per faulty edge (at most one per edge, whatever overlaps), and resolves the outage
 * tickets of edges that are healthy again.
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

  setCurrentDetails(`${faulty.length} edges look down: rechecking each`);
  const rechecks = await Promise.all(
    faulty.map((edge) =>
      startRecheckOnce(() =>
        startChild(edgeOutageRecheck, {
          workflowId: outageRecheckWorkflowId(edge.host, edge.edgeId),
          args: [
            {
              host: edge.host,
              enterpriseId: edge.enterpriseId,
              edgeId: edge.edgeId,
              serialNumber: edge.serialNumber,
              clientId: edge.clientId,
              recheckDelay: input.recheckDelay,
              dryRun,
              rebootDigi: input.rebootDigi,
            },
          ],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          staticSummary: `Recheck edge ${edge.name} (${edge.host}/${edge.edgeId})`,
          typedSearchAttributes: [
            { key: SearchAttr.EdgeId, value: `${edge.host}/${edge.edgeId}` },
            { key: SearchAttr.ClientId, value: edge.clientId },
          ],
        }),
      ),
    ),
  );

  return finishCycle({ devices: 'edges down', checks, inOutage: faulty.length, rechecks, dryRun, concurrency });
}
