import type { EdgeState, LinkStatus } from '../../domain/outage';
import type { VelocloudClient } from './client';

/** An edge as VeloCloud reports it now (no Bruin client: that comes from the customer cache). */
export interface EdgeReading { name: string; serialNumber: string; edgeState: EdgeState; links: LinkStatus[] }

/** VeloCloud activity factory (`velocloud` queue). */
export function createVelocloudActivities(client: VelocloudClient) {
  return {
    /** One edge's state and links right now (the recheck's second look). */
    async edgeStatus({ host, enterpriseId, edgeId }: { host: string; enterpriseId: number; edgeId: number }): Promise<EdgeReading> {
      const edge = await client.edge(host, enterpriseId, edgeId);
      return { name: edge.name, serialNumber: edge.serialNumber, edgeState: edge.edgeState, links: edge.links };
    },
  };
}
export type VelocloudActivities = ReturnType<typeof createVelocloudActivities>;
