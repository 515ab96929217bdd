import { z } from 'zod';
import { eachValid } from '../vendor-lists';

/** VeloCloud Orchestrator REST shapes (portal/rest), the fields the engine reads. */
export const vcoLink = z.object({
  id: z.number().int(),
  interface: z.string(),
  displayName: z.string().default(''),
  state: z.enum(['STABLE', 'UNSTABLE', 'DISCONNECTED', 'QUIET', 'UNKNOWN']),
});

export const vcoEdge = z.object({
  id: z.number().int(),
  name: z.string(),
  enterpriseId: z.number().int(),
  serialNumber: z.string().min(1),
  edgeState: z.enum(['CONNECTED', 'OFFLINE', 'DEGRADED', 'NEVER_ACTIVATED', 'UNKNOWN']),
  links: z.array(vcoLink).default([]),
  /**
   * The last-contact report's fields, absent on an edge never activated. Read as text: the report
   * checks them, so a bad date leaves an edge out of the report, never out of the monitors.
   */
  modelNumber: z.string().nullish(),
  activationTime: z.string().nullish(),
  lastContact: z.string().nullish(),
});
export type VcoEdge = z.infer<typeof vcoEdge>;

export const vcoEnterprises = z.array(z.object({ id: z.number().int(), name: z.string() }));
/** An enterprise's edges, each checked on its own: a malformed edge is discarded, not the enterprise. */
export const vcoEdges = eachValid(vcoEdge, (raw) => raw.id);

export const vcoEvents = z.object({
  metaData: z.object({ more: z.boolean() }).partial().optional(),
  data: z.array(
    z.object({
      id: z.number().int(),
      eventTime: z.string(),
      event: z.string(),
      category: z.string(),
      severity: z.string(),
      message: z.string(),
      edgeName: z.string().optional(),
    }),
  ),
});
export type VcoEvent = z.infer<typeof vcoEvents>['data'][number];

/**
 * One link's metrics over an interval, as VCO's `monitoring/getEnterpriseEdgeLinkMetrics` answers
 * per enterprise: the link (its edge, interface, name, service groups) and the best path's figures.
 */
export const vcoLinkMetric = z.object({
  linkId: z.number().int(),
  link: z.object({
    edgeId: z.number().int(),
    edgeName: z.string(),
    edgeSerialNumber: z.string().min(1),
    interface: z.string().min(1),
    displayName: z.string().default(''),
    /** PUBLIC_WIRED, PUBLIC_WIRELESS, PRIVATE_WIRED, ... */
    serviceGroups: z.array(z.string()).default([]),
  }),
  bestLatencyMsRx: z.number().nonnegative(),
  bestLatencyMsTx: z.number().nonnegative(),
  bestJitterMsRx: z.number().nonnegative(),
  bestJitterMsTx: z.number().nonnegative(),
  bestLossPctRx: z.number().min(0).max(100),
  bestLossPctTx: z.number().min(0).max(100),
  bytesRx: z.number().nonnegative(),
  bytesTx: z.number().nonnegative(),
  bpsOfBestPathRx: z.number().nonnegative(),
  bpsOfBestPathTx: z.number().nonnegative(),
});
export type VcoLinkMetric = z.infer<typeof vcoLinkMetric>;
/** An enterprise's link metrics, each checked on its own: a malformed record is discarded with its reason. */
export const vcoLinkMetrics = eachValid(vcoLinkMetric, (raw) => {
  const link = raw.link as Record<string, unknown> | undefined;
  return link?.edgeId !== undefined ? `${String(link.edgeId)}/${String(raw.linkId)}` : raw.linkId;
});

/** Enterprise-wide events (no edge filter): the instability rule counts them per edge. */
export const vcoEnterpriseEvents = z.object({
  metaData: z.object({ more: z.boolean() }).partial().optional(),
  data: z.array(
    z.object({ id: z.number().int(), eventTime: z.string(), event: z.string(), edgeName: z.string().optional() }),
  ),
});
