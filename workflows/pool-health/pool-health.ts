import { ActivityFailure, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { PoolHealthActivities } from '../../activities/pool-health';
import { SearchAttr } from '../../domain/search-attributes';
import { VENDOR_QUEUES, type VendorQueue } from '../../domain/task-queues';
import { autoUpgrade } from '../versioning';

export interface PoolHealthResult {
  served: VendorQueue[];
  unserved: VendorQueue[];
}

/**
 * Pings every vendor queue once. A queue no worker polls within the schedule-to-start window is
 * reported unserved: its vendor's work would be piling up.
 */
export async function poolHealthCheck(queues: readonly VendorQueue[] = VENDOR_QUEUES): Promise<PoolHealthResult> {
  const results = await Promise.all(
    queues.map(async (queue) => {
      const { poolPing } = proxyActivities<PoolHealthActivities>({
        taskQueue: queue,
        scheduleToStartTimeout: '20s',
        startToCloseTimeout: '5s',
        retry: { maximumAttempts: 1 },
        summary: `Ping ${queue} pool`,
      });
      try {
        await poolPing();
        return { queue, served: true };
      } catch (err) {
        if (err instanceof ActivityFailure) return { queue, served: false };
        throw err;
      }
    }),
  );
  const result = {
    served: results.filter((r) => r.served).map((r) => r.queue),
    unserved: results.filter((r) => !r.served).map((r) => r.queue),
  };
  upsertSearchAttributes([{ key: SearchAttr.Outcome, value: result.unserved.length === 0 ? 'healthy' : 'degraded' }]);
  return result;
}
autoUpgrade(poolHealthCheck);
