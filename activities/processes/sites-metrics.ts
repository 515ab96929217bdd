import { countEnterprise, mergeCounts, type FleetCounts } from '../../domain/fleet';
import { resumableEach } from '../resumable';
import type { VelocloudClient } from '../velocloud/client';

/** The sites monitor's step on the velocloud queue: the fleet counted by edge and link state. */
export function createSitesMetricsSteps(client: VelocloudClient) {
  return {
    /**
     * The sites monitor's read: every edge of these enterprises (one call each), monitored or not,
     * counted by edge and link state, faulty ones by name; malformed edges left out with the reason.
     */
    async fleetStates({ host, enterpriseIds }: { host: string; enterpriseIds: number[] }): Promise<FleetCounts> {
      const perEnterprise = await resumableEach('fleetStates', enterpriseIds, String, async (enterpriseId) => {
        const edges = await client.enterpriseEdges(host, enterpriseId);
        const counts = countEnterprise(host, enterpriseId, edges.valid);
        counts.discards = edges.invalid.map((bad) => ({
          device: `${host}/${enterpriseId}/${bad.item}`,
          reason: bad.reason,
        }));
        return counts;
      });
      return mergeCounts(perEnterprise.map(({ result }) => result));
    },
  };
}
