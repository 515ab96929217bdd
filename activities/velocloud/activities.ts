import { log } from '@temporalio/activity';
import { countEnterprise, mergeCounts, type FleetCounts } from '../../domain/fleet';
import { classifyEdge, type EdgeState, type EdgeStatus, type LinkStatus } from '../../domain/outage';
import {
  INSTABILITY_EVENTS,
  instability,
  linkTroubles,
  type Thresholds,
  type TroubledEdge,
} from '../../domain/service-affecting';
import { isStale, type StaleEdge } from '../../domain/reports/last-contact';
import { edgeMonitorUrl } from '../../domain/service-affecting';
import type { VcoEdge, VcoLinkMetric } from './schemas';
import type { CustomerCache, CustomerCacheEntry } from '../../store/customer-cache';
import type { VelocloudClient } from './client';
import { invalidInput, orBrokenItem } from '../vendor-errors';
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

/** What one batch of the service-affecting scan found: troubled edges in full, the rest as counts and serials. */
export interface ServiceAffectingScan {
  checked: number;
  unmonitored: number;
  troubled: TroubledEdge[];
  /** Edges with no trouble now, per Bruin client: the monitor may auto-resolve their open VAS tickets. */
  clear: Array<{ clientId: string; serialNumbers: string[] }>;
  discards: Array<{ device: string; reason: string }>;
}

/** What the last-contact report found on one orchestrator. */
export interface LastContactScan {
  checked: number;
  stale: StaleEdge[];
  /** Edges whose dates VeloCloud sent unreadable, each with the reason: left out of the report. */
  discards: Array<{ device: string; reason: string }>;
}

const isInstant = (text: string | null | undefined): text is string => !!text && !Number.isNaN(Date.parse(text));

/** An edge's place in the last-contact report: stale, fresh, or unreadable (with the reason). */
function lastContactOf(e: VcoEdge, asOf: string, days: number): 'fresh' | { reason: string } | { lastContact: string } {
  if (e.edgeState === 'NEVER_ACTIVATED') return 'fresh';
  if (!isInstant(e.lastContact)) return { reason: 'field "lastContact" is missing or not a date' };
  if (e.activationTime && !isInstant(e.activationTime)) return { reason: 'field "activationTime" is not a date' };
  return isStale(e.lastContact, asOf, days) ? { lastContact: new Date(e.lastContact).toISOString() } : 'fresh';
}

const MINUTE = 60_000;
const CACHE_TTL_MS = 30_000;

/** (client, serial) pairs grouped per client, in first-seen order. */
function serialsByClient(pairs: Array<[clientId: string, serialNumber: string]>) {
  const byClient = new Map<string, string[]>();
  for (const [clientId, serial] of pairs) byClient.set(clientId, [...(byClient.get(clientId) ?? []), serial]);
  return [...byClient].map(([clientId, serialNumbers]) => ({ clientId, serialNumbers }));
}

/** The domain's view of a VCO link metric record. */
const linkMetrics = (m: VcoLinkMetric) => ({
  interface: m.link.interface,
  linkName: m.link.displayName || m.link.interface,
  wireless: m.link.serviceGroups.includes('PUBLIC_WIRELESS'),
  latencyMs: { rx: m.bestLatencyMsRx, tx: m.bestLatencyMsTx },
  jitterMs: { rx: m.bestJitterMsRx, tx: m.bestJitterMsTx },
  lossPct: { rx: m.bestLossPctRx, tx: m.bestLossPctTx },
  bytes: { rx: m.bytesRx, tx: m.bytesTx },
  bandwidthBps: { rx: m.bpsOfBestPathRx, tx: m.bpsOfBestPathTx },
});

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

    /**
     * The service-affecting scan of these enterprises, as of `at` (the workflow's time): per enterprise
     * one link-metrics call over the scan window and one events read over the instability window;
     * every monitored edge's troubles. A malformed metrics record is discarded with its reason.
     */
    async scanServiceAffecting({
      host,
      enterpriseIds,
      thresholds,
      at,
    }: {
      host: string;
      enterpriseIds: number[];
      thresholds: Thresholds;
      at: string;
    }): Promise<ServiceAffectingScan> {
      const end = new Date(at);
      if (Number.isNaN(end.getTime())) throw invalidInput('scanServiceAffecting: field "at" must be an ISO instant');
      const clients = await cachedClients();
      const perEnterprise = await resumableEach('scanServiceAffecting', enterpriseIds, String, async (enterpriseId) => {
        const metrics = await client.enterpriseLinkMetrics(
          host,
          enterpriseId,
          new Date(end.getTime() - thresholds.scanMinutes * MINUTE),
          end,
        );
        const events = await client.enterpriseEventCounts(
          host,
          enterpriseId,
          INSTABILITY_EVENTS,
          new Date(end.getTime() - thresholds.instabilityScanMinutes * MINUTE),
          end,
        );
        const scan = {
          checked: 0,
          unmonitored: 0,
          troubled: [] as TroubledEdge[],
          clear: [] as Array<[clientId: string, serialNumber: string]>,
          discards: metrics.invalid.map((bad) => ({
            device: `${host}/${enterpriseId}/${bad.item}`,
            reason: bad.reason,
          })),
        };
        for (const d of scan.discards) log.warn('malformed link metrics discarded; the scan goes on', d);
        const byEdge = new Map<number, VcoLinkMetric[]>();
        for (const m of metrics.valid) byEdge.set(m.link.edgeId, [...(byEdge.get(m.link.edgeId) ?? []), m]);
        for (const [edgeId, links] of byEdge) {
          const { edgeName, edgeSerialNumber: serialNumber } = links[0].link;
          const owner = clients.get(serialNumber);
          if (!owner) {
            scan.unmonitored++;
            continue;
          }
          scan.checked++;
          const unstable = instability(events.get(edgeName) ?? 0, thresholds);
          const troubles = [
            ...links.flatMap((l) => linkTroubles(linkMetrics(l), thresholds)),
            ...(unstable ? [unstable] : []),
          ];
          if (troubles.length > 0)
            scan.troubled.push({
              host,
              enterpriseId,
              edgeId,
              edgeName,
              serialNumber,
              clientId: owner.clientId,
              troubles,
            });
          else scan.clear.push([owner.clientId, serialNumber]);
        }
        return scan;
      });
      const scans = perEnterprise.map(({ result }) => result);
      return {
        checked: scans.reduce((n, s) => n + s.checked, 0),
        unmonitored: scans.reduce((n, s) => n + s.unmonitored, 0),
        troubled: scans.flatMap((s) => s.troubled),
        clear: serialsByClient(scans.flatMap((s) => s.clear)),
        discards: scans.flatMap((s) => s.discards),
      };
    },

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

    /**
     * The last-contact report's read of one orchestrator: every activated edge of every enterprise
     * (one call each) whose last contact is more than `days` before `asOf`, with what the report shows.
     */
    async lastContactScan({
      host,
      asOf,
      days,
    }: {
      host: string;
      asOf: string;
      days: number;
    }): Promise<LastContactScan> {
      if (!isInstant(asOf)) throw invalidInput('lastContactScan: field "asOf" must be an ISO instant');
      const enterprises = await client.listEnterprises(host);
      const perEnterprise = await resumableEach(
        'lastContactScan',
        enterprises,
        (e) => String(e.id),
        async (enterprise) => {
          const edges = await client.enterpriseEdges(host, enterprise.id);
          const scan: LastContactScan = {
            checked: 0,
            stale: [],
            discards: edges.invalid.map((bad) => ({
              device: `${host}/${enterprise.id}/${bad.item}`,
              reason: bad.reason,
            })),
          };
          for (const e of edges.valid) {
            scan.checked++;
            const found = lastContactOf(e, asOf, days);
            if (found === 'fresh') continue;
            if ('reason' in found) {
              scan.discards.push({ device: `${host}/${enterprise.id}/${e.id}`, reason: found.reason });
              continue;
            }
            const where = { host, enterpriseId: enterprise.id, edgeId: e.id };
            scan.stale.push({
              ...where,
              enterpriseName: enterprise.name,
              name: e.name,
              serialNumber: e.serialNumber,
              modelNumber: e.modelNumber ?? '',
              lastContact: found.lastContact,
              ...(e.activationTime ? { activatedAt: new Date(e.activationTime).toISOString() } : {}),
              monitorUrl: edgeMonitorUrl(where),
            });
          }
          for (const d of scan.discards) log.warn('edge left out of the last-contact report', d);
          return scan;
        },
      );
      const scans = perEnterprise.map(({ result }) => result);
      return {
        checked: scans.reduce((n, s) => n + s.checked, 0),
        stale: scans.flatMap((s) => s.stale),
        discards: scans.flatMap((s) => s.discards),
      };
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
      const checks = perEnterprise.map(({ result }) => result);
      const result: EdgeCheck = {
        checked: checks.reduce((n, c) => n + c.checked, 0),
        unmonitored: checks.reduce((n, c) => n + c.unmonitored, 0),
        faulty: checks.flatMap((c) => c.faulty),
        healthy: serialsByClient(checks.flatMap((c) => c.healthy)),
        discards: checks.flatMap((c) => c.discards),
      };
      return result;
    },
  };
}
export type VelocloudActivities = ReturnType<typeof createVelocloudActivities>;
