import { executeChild, setCurrentDetails, workflowInfo } from '@temporalio/workflow';
import { chunk } from '../../domain/batches';
import { customerCacheWorkflowId } from '../../domain/workflow-ids';
import { appStore } from '../activities';
import { customerCacheRefresh } from './customer-cache-refresh';

/** One check activity's enterprises on one VeloCloud host. */
export interface EdgeBatch {
  host: string;
  enterpriseIds: number[];
}

/**
 * The monitored VeloCloud edges as batches of enterprises per host, from the customer cache (built
 * first when no refresh has completed yet): what the outage and service-affecting monitors page through.
 */
export async function monitoredEdgeBatches(
  hosts: string[],
  enterprisesPerBatch: number,
): Promise<{ edges: number; batches: EdgeBatch[] }> {
  let cache = await appStore.customerCacheSummary({ source: 'velocloud' });
  if (!cache) {
    setCurrentDetails('No customer cache yet: building it first');
    await executeChild(customerCacheRefresh, {
      workflowId: customerCacheWorkflowId('velocloud', workflowInfo().workflowId),
      args: [{ hosts }],
    });
    cache = await appStore.customerCacheSummary({ source: 'velocloud' });
  }
  const batches = (cache?.hosts ?? [])
    .filter((h) => hosts.includes(h.host))
    .flatMap((h) =>
      chunk(h.enterpriseIds, enterprisesPerBatch).map((enterpriseIds) => ({ host: h.host, enterpriseIds })),
    );
  return { edges: cache?.edges ?? 0, batches };
}
