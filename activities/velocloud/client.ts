import { createVendorHttp, type VendorHttp } from '../vendor-http';
import type { CheckedList } from '../vendor-lists';
import {
  vcoEdge,
  vcoEdges,
  vcoEnterpriseEvents,
  vcoEnterprises,
  vcoEvents,
  vcoLinkMetrics,
  type VcoEdge,
  type VcoEvent,
  type VcoLinkMetric,
} from './schemas';

/** The VeloCloud Orchestrator API of several hosts (each customer group lives on one orchestrator). */
export class VelocloudClient {
  private readonly hosts = new Map<string, VendorHttp>();

  /** `baseUrl(host)` gives an orchestrator's root URL (the sandbox serves every host under one port). */
  constructor(
    private readonly baseUrl: (host: string) => string,
    private readonly token: string,
  ) {}

  private http(host: string): VendorHttp {
    let http = this.hosts.get(host);
    if (!http) {
      http = createVendorHttp('velocloud', this.baseUrl(host), { headers: { authorization: `Token ${this.token}` } });
      this.hosts.set(host, http);
    }
    return http;
  }

  listEnterprises(host: string) {
    return this.http(host).call({
      method: 'POST',
      path: '/portal/rest/network/getNetworkEnterprises',
      endpoint: 'getNetworkEnterprises',
      schema: vcoEnterprises,
      body: {},
    });
  }

  /** Every edge of one enterprise with its links (one call); malformed edges come back apart, with the reason. */
  enterpriseEdges(host: string, enterpriseId: number): Promise<CheckedList<VcoEdge>> {
    return this.http(host).call({
      method: 'POST',
      path: '/portal/rest/enterprise/getEnterpriseEdges',
      endpoint: 'getEnterpriseEdges',
      schema: vcoEdges,
      body: { enterpriseId, with: ['links'] },
    });
  }

  edge(host: string, enterpriseId: number, edgeId: number): Promise<VcoEdge> {
    return this.http(host).call({
      method: 'POST',
      path: '/portal/rest/edge/getEdge',
      endpoint: 'getEdge',
      schema: vcoEdge,
      body: { enterpriseId, id: edgeId, with: ['links'] },
    });
  }

  /** Every link's metrics of one enterprise over [start, end]: one call per enterprise, not per edge. */
  enterpriseLinkMetrics(
    host: string,
    enterpriseId: number,
    start: Date,
    end: Date,
  ): Promise<CheckedList<VcoLinkMetric>> {
    return this.http(host).call({
      method: 'POST',
      path: '/portal/rest/monitoring/getEnterpriseEdgeLinkMetrics',
      endpoint: 'getEnterpriseEdgeLinkMetrics',
      schema: vcoLinkMetrics,
      body: {
        enterpriseId,
        interval: { start: start.getTime(), end: end.getTime() },
        metrics: [
          'bytesRx',
          'bytesTx',
          'bestLatencyMsRx',
          'bestLatencyMsTx',
          'bestJitterMsRx',
          'bestJitterMsTx',
          'bestLossPctRx',
          'bestLossPctTx',
          'bpsOfBestPathRx',
          'bpsOfBestPathTx',
        ],
      },
    });
  }

  /** How many of these events each edge (by name) had in [start, end]: one paged read for the enterprise. */
  async enterpriseEventCounts(
    host: string,
    enterpriseId: number,
    events: string[],
    start: Date,
    end: Date,
  ): Promise<Map<string, number>> {
    const seen = new Set<number>();
    const counts = new Map<string, number>();
    for (let from = start.getTime(); ;) {
      const { data, metaData } = await this.http(host).call({
        method: 'POST',
        path: '/portal/rest/event/getEnterpriseEvents',
        endpoint: 'getEnterpriseEvents (enterprise)',
        schema: vcoEnterpriseEvents,
        body: {
          enterpriseId,
          interval: { start: from, end: end.getTime() },
          filter: { rules: [{ field: 'event', op: 'is', values: events }] },
        },
      });
      const before = seen.size;
      for (const e of data) {
        if (seen.has(e.id) || !events.includes(e.event) || !e.edgeName) continue;
        seen.add(e.id);
        counts.set(e.edgeName, (counts.get(e.edgeName) ?? 0) + 1);
      }
      const last = data.length > 0 ? Date.parse(data[data.length - 1].eventTime) : NaN;
      if (!metaData?.more || seen.size === before || Number.isNaN(last)) break;
      from = last;
    }
    return counts;
  }

  /** An edge's events (EDGE_DOWN, LINK_DEAD, LINK_ALIVE, EDGE_UP, ...) within an interval, oldest first. */
  async edgeEvents(host: string, enterpriseId: number, edgeId: number, start: Date, end: Date): Promise<VcoEvent[]> {
    const events = new Map<number, VcoEvent>();
    // VCO caps one answer (metaData.more): ask again from the last event seen until it has no more.
    for (let from = start.getTime(); ;) {
      const { data, metaData } = await this.http(host).call({
        method: 'POST',
        path: '/portal/rest/event/getEnterpriseEvents',
        endpoint: 'getEnterpriseEvents',
        schema: vcoEvents,
        body: { enterpriseId, edgeId, interval: { start: from, end: end.getTime() } },
      });
      const before = events.size;
      for (const e of data) events.set(e.id, e);
      const last = data.length > 0 ? Date.parse(data[data.length - 1].eventTime) : NaN;
      if (!metaData?.more || events.size === before || Number.isNaN(last)) break;
      from = last;
    }
    return [...events.values()].sort((a, b) => Date.parse(a.eventTime) - Date.parse(b.eventTime));
  }
}

/** The VeloCloud client from config: `urlTemplate` with `{host}` gives each orchestrator's root URL. */
export const createVelocloudClient = (config: { urlTemplate: string; token: string }) =>
  new VelocloudClient((host) => config.urlTemplate.replace('{host}', host), config.token);
