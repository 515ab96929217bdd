import { setCurrentDetails, workflowInfo } from '@temporalio/workflow';
import { chunk, mapBounded } from '../../domain/batches';
import { appStore, bruinBulk, velocloud } from '../activities';
import { autoUpgrade } from '../versioning';

export interface CustomerCacheRefreshInput {
  /** VeloCloud orchestrator hosts to cross with Bruin. */
  hosts: string[];
  enterprisesPerBatch?: number;
}

export interface CustomerCacheRefreshResult {
  edges: number;
  unowned: number;
  refreshedAt: string;
}

/**
 * Crosses every VeloCloud edge with its Bruin client (by serial) and commits the result as the
 * customer cache in one step; if any batch fails, the last good cache stays.
 */
export async function customerCacheRefresh(input: CustomerCacheRefreshInput): Promise<CustomerCacheRefreshResult> {
  const generation = workflowInfo().runId;
  let unowned = 0;
  for (const host of input.hosts) {
    const enterpriseIds = await velocloud.listEnterpriseIds({ host });
    const batches = chunk(enterpriseIds, input.enterprisesPerBatch ?? 25);
    await mapBounded(batches, 4, async (enterpriseIds, i) => {
      setCurrentDetails(`${host}: batch ${i + 1} of ${batches.length}`);
      const inventory = await velocloud
        .summarized(`Edge inventory of ${enterpriseIds.length} enterprises on ${host}`)
        .edgeInventory({ host, enterpriseIds });
      const owners = await bruinBulk.clientsForSerials({ serialNumbers: inventory.map((e) => e.serialNumber) });
      const entries = inventory
        .filter((e) => owners[e.serialNumber])
        .map((e) => ({ ...e, clientId: owners[e.serialNumber] }));
      unowned += inventory.length - entries.length;
      await appStore.stageCustomerCache({ source: 'velocloud', generation, entries });
    });
  }
  const { edges, refreshedAt } = await appStore.commitCustomerCache({ source: 'velocloud', generation });
  setCurrentDetails(`Cache holds ${edges} edges (${unowned} edges have no Bruin client)`);
  return { edges, unowned, refreshedAt };
}
autoUpgrade(customerCacheRefresh);
