import { ApplicationFailure } from '@temporalio/activity';
import { countEnterprise, mergeCounts, tallyOf, type FleetCounts, type FleetTally } from '../../domain/fleet';
import type { FleetSnapshotStore } from '../../store/fleet-snapshots';
import { resumableEach } from '../resumable';
import type { VelocloudClient } from '../velocloud/client';

/** One batch of the sites monitor's fleet: its place in the cycle, and the enterprises it reads on one host. */
export interface FleetBatch {
  /** The cycle's workflow ID: its parts are kept under it until its snapshot is taken. */
  cycle: string;
  /** The batch's place in the cycle (1-based): a retried batch replaces its own part. */
  part: number;
  host: string;
  enterpriseIds: number[];
}

/** The sites monitor's step on the velocloud queue: the fleet counted by edge and link state. */
export function createSitesMetricsSteps(client: VelocloudClient, fleet?: FleetSnapshotStore) {
  /**
   * Every edge of these enterprises (one call each), monitored or not, counted by edge and link state, faulty ones by
   * name; malformed edges left out with the reason.
   */
  const countStates = async (host: string, enterpriseIds: number[]): Promise<FleetCounts> => {
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
  };
  return {
    /**
     * The batch's counts kept in the store as a part of its cycle, and only the totals answered: the lists (counts per
     * enterprise, faulty edges, discards) would make the cycle's history grow with the fleet.
     */
    async countFleetStates(batch: FleetBatch): Promise<FleetTally> {
      if (!fleet)
        throw ApplicationFailure.create({
          type: 'ConfigurationError',
          message: 'this velocloud pool was built without the fleet store, so it cannot keep the batch it counted',
          nonRetryable: true,
        });
      const counts = await countStates(batch.host, batch.enterpriseIds);
      await fleet.saveFleetPart(batch.cycle, batch.part, counts);
      return tallyOf(counts);
    },
  };
}
