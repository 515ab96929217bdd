import type { Reply } from '../http';
import { groupIds, type Sandbox } from '../sandbox';
import type { Entity } from '../state';

/** The sandbox edge entity: VCO fields plus the orchestrator host it lives on. */
const toVcoEdge = (e: Entity) => ({
  id: e.edgeId,
  name: e.name,
  enterpriseId: e.enterpriseId,
  serialNumber: e.serialNumber,
  edgeState: e.edgeState,
  modelNumber: e.modelNumber,
  activationTime: e.activationTime,
  lastContact: e.lastContact,
  // The sandbox lets a PATCH break the contract on purpose (malformed payload tests); pass fields through.
  links: e.links,
  ...(e.extra as object | undefined),
});

/**
 * A link's metrics over an interval: healthy defaults (a 100 Mb/s path at 30% use), overridden by any
 * metric field set on the sandbox link (PATCH an edge's links with `bestLatencyMsRx: 300`, say).
 */
function linkMetrics(edge: Entity, link: Record<string, unknown>, seconds: number) {
  const bps = typeof link.bpsOfBestPathRx === 'number' ? link.bpsOfBestPathRx : 100_000_000;
  const defaults = {
    bestLatencyMsRx: 18,
    bestLatencyMsTx: 21,
    bestJitterMsRx: 3,
    bestJitterMsTx: 4,
    bestLossPctRx: 0,
    bestLossPctTx: 0,
    bpsOfBestPathRx: bps,
    bpsOfBestPathTx: bps,
    bytesRx: Math.round((bps * 0.3 * seconds) / 8),
    bytesTx: Math.round((bps * 0.1 * seconds) / 8),
  };
  const overrides = Object.fromEntries(Object.entries(link).filter(([k]) => k in defaults));
  return {
    linkId: link.id,
    link: {
      edgeId: edge.edgeId,
      edgeName: edge.name,
      edgeSerialNumber: edge.serialNumber,
      interface: link.interface,
      displayName: link.displayName ?? '',
      serviceGroups: link.serviceGroups ?? ['PUBLIC_WIRED'],
    },
    ...defaults,
    ...overrides,
  };
}

const vcoError = (status: number, message: string): Reply => ({ status, json: { error: { code: status, message } } });

/** VeloCloud Orchestrator `portal/rest` for every host: `/velocloud/<host>/portal/rest/<group>/<method>`. */
export function velocloudRoute(
  sandbox: Sandbox,
  method: string,
  parts: string[],
  body: Record<string, unknown>,
): Reply | undefined {
  const [host, portal, rest, group, call] = parts;
  if (method !== 'POST' || portal !== 'portal' || rest !== 'rest' || parts.length !== 5) return undefined;
  const edgesByEnterprise = sandbox.indexed('velocloud', 'edges', 'by-host-enterprise', (all) =>
    groupIds(all, (e) => `${String(e.host)}/${String(e.enterpriseId)}`),
  );
  const edgeCollection = sandbox.collection('velocloud', 'edges');
  /** The enterprise's edges, read fresh (a PATCH of an edge's state shows at once). */
  const edgesOf = (enterpriseId: number) =>
    (edgesByEnterprise.get(`${host}/${enterpriseId}`) ?? []).map((id) => edgeCollection[id]).filter(Boolean);
  const enterprises =
    sandbox
      .indexed('velocloud', 'enterprises', 'by-host', (all) => groupIds(all, (e) => String(e.host)))
      .get(host)
      ?.map((id) => sandbox.collection('velocloud', 'enterprises')[id])
      .filter(Boolean) ?? [];
  switch (`${group}/${call}`) {
    case 'network/getNetworkEnterprises':
      return { status: 200, json: enterprises.map((e) => ({ id: e.enterpriseId, name: e.name })) };
    case 'enterprise/getEnterpriseEdges': {
      const enterpriseId = Number(body.enterpriseId);
      if (!enterprises.some((e) => e.enterpriseId === enterpriseId))
        return vcoError(400, `enterprise ${String(body.enterpriseId)} not found on ${host}`);
      return { status: 200, json: edgesOf(enterpriseId).map(toVcoEdge) };
    }
    case 'edge/getEdge': {
      const edge = edgesOf(Number(body.enterpriseId)).find((e) => e.edgeId === Number(body.id));
      return edge ? { status: 200, json: toVcoEdge(edge) } : vcoError(400, `edge ${String(body.id)} not found`);
    }
    case 'monitoring/getEnterpriseEdgeLinkMetrics': {
      const enterpriseId = Number(body.enterpriseId);
      const interval = body.interval as { start?: number; end?: number } | undefined;
      if (!enterprises.some((e) => e.enterpriseId === enterpriseId))
        return vcoError(400, `enterprise ${String(body.enterpriseId)} not found on ${host}`);
      if (typeof interval?.start !== 'number' || typeof interval?.end !== 'number' || interval.end <= interval.start)
        return vcoError(400, 'interval.start < interval.end (epoch ms) are required');
      const seconds = (interval.end - interval.start) / 1000;
      const json = edgesOf(enterpriseId)
        .filter((e) => e.edgeState !== 'NEVER_ACTIVATED')
        .flatMap((e) =>
          Array.isArray(e.links) ? e.links.map((l) => linkMetrics(e, l as Record<string, unknown>, seconds)) : [],
        );
      return { status: 200, json };
    }
    case 'event/getEnterpriseEvents': {
      // VCO takes an interval in epoch ms and a filter; the engine filters by edge.
      const interval = body.interval as { start?: number; end?: number } | undefined;
      if (typeof interval?.start !== 'number' || typeof interval?.end !== 'number')
        return vcoError(400, 'interval.start and interval.end (epoch ms) are required');
      const edgeId = body.edgeId === undefined ? undefined : Number(body.edgeId);
      const limit = typeof body.limit === 'number' && body.limit > 0 ? body.limit : sandbox.eventPageLimit;
      const events = sandbox.collection('velocloud', 'events');
      const data = (
        sandbox
          .indexed('velocloud', 'events', 'by-host-enterprise', (all) =>
            groupIds(all, (e) => `${String(e.host)}/${String(e.enterpriseId)}`),
          )
          .get(`${host}/${Number(body.enterpriseId)}`) ?? []
      )
        .map((id) => events[id])
        .filter((e) => e !== undefined && (edgeId === undefined || e.edgeId === edgeId))
        .filter((e) => {
          const t = Date.parse(String(e.eventTime));
          return t >= interval.start! && t <= interval.end!;
        })
        .sort((a, b) => String(a.eventTime).localeCompare(String(b.eventTime)))
        .map((e) => ({
          id: Number(String(e.id).split('/').pop()),
          eventTime: e.eventTime,
          event: e.event,
          category: e.category,
          severity: e.severity,
          message: e.message,
          edgeName: e.edgeName,
        }));
      return { status: 200, json: { metaData: { limit, more: data.length > limit }, data: data.slice(0, limit) } };
    }
    default:
      return undefined;
  }
}
