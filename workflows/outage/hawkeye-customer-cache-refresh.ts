import { workflowInfo } from '@temporalio/workflow';
import { mapBounded, pageOffsets } from '../../domain/batches';
import { appStore, bruinBulk, hawkeye } from '../activities';
import { autoUpgrade } from '../versioning';

/** Probes per Hawkeye inventory page. */
export const HAWKEYE_PAGE = 200;

/** Crosses every Hawkeye probe with its Bruin client (by serial); commits in one step or keeps the last good cache. */
export async function hawkeyeCustomerCacheRefresh(
  input: { pageSize?: number } = {},
): Promise<{ probes: number; unowned: number; refreshedAt: string }> {
  const size = input.pageSize ?? HAWKEYE_PAGE;
  const generation = workflowInfo().runId;
  const first = await hawkeye.probeInventory({ offset: 0, limit: size });
  let unowned = 0;
  await mapBounded(pageOffsets(first.total, size), 4, async (offset) => {
    const { serialNumbers } = offset === 0 ? first : await hawkeye.probeInventory({ offset, limit: size });
    const owners = await bruinBulk.clientsForSerials({ serialNumbers });
    const entries = serialNumbers
      .filter((s) => owners[s])
      .map((serialNumber) => ({ serialNumber, clientId: owners[serialNumber] }));
    unowned += serialNumbers.length - entries.length;
    await appStore.stageCustomerCache({ source: 'hawkeye', generation, entries });
  });
  const { edges, refreshedAt } = await appStore.commitCustomerCache({ source: 'hawkeye', generation });
  return { probes: edges, unowned, refreshedAt };
}
autoUpgrade(hawkeyeCustomerCacheRefresh);
