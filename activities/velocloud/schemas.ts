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
