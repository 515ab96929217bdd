import { log } from '@temporalio/activity';
import { classifyEdge, type EdgeState, type EdgeStatus, type LinkStatus } from '../../domain/outage';
import type { CustomerCache, CustomerCacheEntry } from '../../store/customer-cache';
import type { VelocloudClient } from './client';
import { invalidInput } from '../vendor-errors';
import { resumableEach } from '../resumable';

/** An edge as VeloCloud reports it now (no Bruin client: that comes from the customer cache). */
export interface EdgeReading {
  name: string;
  serialNumber: string;
  edgeState: EdgeState;
  links: LinkStatus[];
}

export interface EdgeCheck {
  checked: number;
  /** Edges VeloCloud lists that no Bruin client owns (not in the customer cache): not monitored. */
  unmonitored: number;
  faulty: EdgeStatus[];
  /** Healthy edges' serials, per Bruin client: the monitor resolves their open outage tickets. */
  healthy: Array<{ clientId: string; serialNumbers: string[] }>;
  /** Edges VeloCloud sent malformed (`host/enterprise/edge`), each with the reason: left out, the rest checked. */
  discards: Array<{ device: string; reason: string }>;
}

const CACHE_TTL_MS = 30_000;

/** VeloCloud activity factory (`velocloud` queue); the monitor's batch check reads the customer cache. */
export function createVelocloudActivities(client: VelocloudClient, cache?: CustomerCache) {
  // One parse of the cache serves every batch of a cycle.
  let memo: { at: number; bySerial: Map<string, CustomerCacheEntry> } | undefined;
  async function cachedClients(): Promise<Map<string, CustomerCacheEntry>> {
    if (!cache) throw new Error('velocloud activities were built without the customer cache');
    if (!memo || Date.now() - memo.at > CACHE_TTL_MS) {
      const snapshot = await cache.customerCache('velocloud');
      memo = { at: Date.now(), bySerial: new Map((snapshot?.entries ?? []).map((e) => [e.serialNumber, e])) };
    }
    return memo.bySerial;
  }

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

    /** Reads every edge of these enterprises (one call per enterprise) and classifies each. */
    async checkEdges({ host, enterpriseIds }: { host: string; enterpriseIds: number[] }): Promise<EdgeCheck> {
      const clients = await cachedClients();
      const perEnterprise = await resumableEach('checkEdges', enterpriseIds, String, async (enterpriseId) => {
        const edges = await client.enterpriseEdges(host, enterpriseId);
        const check = {
          checked: 0,
          unmonitored: 0,
          faulty: [] as EdgeStatus[],
          healthy: [] as Array<[clientId: string, serialNumber: string]>,
          discards: edges.invalid.map((bad) => ({ device: `${host}/${enterpriseId}/${bad.item}`, reason: bad.reason })),
        };
        for (const d of check.discards) log.warn('malformed edge discarded; the cycle goes on', d);
        for (const e of edges.valid) {
          const owner = clients.get(e.serialNumber);
          if (!owner) {
            check.unmonitored++;
            continue;
          }
          check.checked++;
          if (classifyEdge(e).outage) {
            check.faulty.push({
              host,
              enterpriseId,
              edgeId: e.id,
              name: e.name,
              serialNumber: e.serialNumber,
              clientId: owner.clientId,
              edgeState: e.edgeState,
              links: e.links,
            });
          } else check.healthy.push([owner.clientId, e.serialNumber]);
        }
        return check;
      });
      const result: EdgeCheck = { checked: 0, unmonitored: 0, faulty: [], healthy: [], discards: [] };
      const healthy = new Map<string, string[]>();
      for (const { result: check } of perEnterprise) {
        result.checked += check.checked;
        result.unmonitored += check.unmonitored;
        result.faulty.push(...check.faulty);
        result.discards.push(...check.discards);
        for (const [clientId, serial] of check.healthy)
          healthy.set(clientId, [...(healthy.get(clientId) ?? []), serial]);
      }
      result.healthy = [...healthy].map(([clientId, serialNumbers]) => ({ clientId, serialNumbers }));
      return result;
    },
  };
}
export type VelocloudActivities = ReturnType<typeof createVelocloudActivities>;
