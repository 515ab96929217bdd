import { log } from '@temporalio/activity';
import type { EdgeState, LinkStatus } from '../../domain/outage';
import type { CustomerCache } from '../../store/customer-cache';
import type { EdgeFlapStore } from '../../store/edge-flaps';
import type { MaintenanceWindowStore } from '../../store/maintenance-windows';
import type { FleetSnapshotStore } from '../../store/fleet-snapshots';
import { createLastContactReportSteps } from '../processes/last-contact-report';
import { createOutageVelocloudSteps } from '../processes/outage';
import { createServiceAffectingSteps } from '../processes/service-affecting';
import { createSitesMetricsSteps } from '../processes/sites-metrics';
import { resumableEach } from '../resumable';
import { invalidInput, orBrokenItem } from '../vendor-errors';
import type { VelocloudClient } from './client';
import { edgeOwners } from './owners';

/** An edge as VeloCloud reports it now (no Bruin client: that comes from the customer cache). */
export interface EdgeReading {
  name: string;
  serialNumber: string;
  edgeState: EdgeState;
  links: LinkStatus[];
}

/** VeloCloud's one-call activities: each reads one thing and shapes it, no process rule. */
function createVelocloudCalls(client: VelocloudClient) {
  return {
    /** One edge's state and links right now (the recheck's second look). */
    async edgeStatus({
      host,
      enterpriseId,
      edgeId,
    }: {
      host: string;
      enterpriseId: number;
      edgeId: number;
    }): Promise<EdgeReading> {
      const edge = await client.edge(host, enterpriseId, edgeId);
      return { name: edge.name, serialNumber: edge.serialNumber, edgeState: edge.edgeState, links: edge.links };
    },

    /**
     * Many edges' state and links right now (a recheck batch's second look), 8 calls at a time and resumed
     * after a crash. An edge VeloCloud answers for with a broken record is returned with the reason instead,
     * and the others are still read; a VeloCloud that is down fails the attempt, which is retried.
     */
    async edgeStatuses({
      edges,
    }: {
      edges: Array<{ host: string; enterpriseId: number; edgeId: number }>;
    }): Promise<Array<EdgeReading | { unreadable: string }>> {
      const read = await resumableEach(
        'edgeStatuses',
        edges,
        (e) => `${e.host}/${e.edgeId}`,
        (e) =>
          orBrokenItem(
            async (): Promise<EdgeReading> => {
              const edge = await client.edge(e.host, e.enterpriseId, e.edgeId);
              return { name: edge.name, serialNumber: edge.serialNumber, edgeState: edge.edgeState, links: edge.links };
            },
            (unreadable) => {
              log.warn('edge unreadable on its second look; the others go on', { edge: `${e.host}/${e.edgeId}` });
              return { unreadable };
            },
          ),
        8,
      );
      return read.map(({ result }) => result);
    },

    /** An edge's events within [start, end] (ISO instants), oldest first. */
    async edgeEvents({
      host,
      enterpriseId,
      edgeId,
      start,
      end,
    }: {
      host: string;
      enterpriseId: number;
      edgeId: number;
      start: string;
      end: string;
    }) {
      const from = new Date(start);
      const to = new Date(end);
      if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to < from)
        throw invalidInput(`edgeEvents: fields "start"/"end" must be ISO instants with start <= end`);
      return client.edgeEvents(host, enterpriseId, edgeId, from, to);
    },

    async listEnterpriseIds({ host }: { host: string }): Promise<number[]> {
      return (await client.listEnterprises(host)).map((e) => e.id);
    },

    /** Every edge of these enterprises (serials and IDs), for the customer cache refresh. */
    async edgeInventory({ host, enterpriseIds }: { host: string; enterpriseIds: number[] }) {
      const perEnterprise = await resumableEach('edgeInventory', enterpriseIds, String, async (enterpriseId) => {
        const edges = await client.enterpriseEdges(host, enterpriseId);
        for (const bad of edges.invalid)
          log.warn('malformed edge left out of the customer cache', {
            host,
            enterpriseId,
            edge: bad.item,
            reason: bad.reason,
          });
        return edges.valid
          .filter((e) => e.edgeState !== 'NEVER_ACTIVATED')
          .map((e) => ({ host, enterpriseId, edgeId: e.id, serialNumber: e.serialNumber }));
      });
      return perEnterprise.flatMap(({ result }) => result);
    },
  };
}

/**
 * What the `velocloud` pool runs: VeloCloud's one-call activities and the process steps that read
 * VeloCloud (activities/processes/), the outage and service-affecting ones with the customer cache, the outage check
 * with the flap records, the sites monitor's count with the fleet store its parts are kept in.
 */
export function createVelocloudActivities(
  client: VelocloudClient,
  cache?: CustomerCache,
  stores: { flaps?: EdgeFlapStore; maintenance?: MaintenanceWindowStore; fleet?: FleetSnapshotStore } = {},
) {
  const owners = edgeOwners(cache);
  return {
    ...createVelocloudCalls(client),
    ...createOutageVelocloudSteps(client, owners, stores),
    ...createServiceAffectingSteps(client, owners, stores.maintenance),
    ...createSitesMetricsSteps(client, stores.fleet),
    ...createLastContactReportSteps(client),
  };
}
export type VelocloudActivities = ReturnType<typeof createVelocloudActivities>;
