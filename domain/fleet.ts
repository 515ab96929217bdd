/**
 * The fleet as the sites monitor sees it each cycle (seeds 000 and 002: "process all edges and links
 * statuses", "notify the faulty edges and a metric of its statuses"): counts per host, enterprise and
 * edge state, per link state, and the faulty edges by name. Pure: the activity counts with it, the
 * workflow merges and stores it, the metrics endpoint serves it.
 */
import { classifyEdge, type EdgeState, type LinkState, type LinkStatus } from './outage';

export interface FaultyEdge {
  host: string;
  enterpriseId: number;
  edgeId: number;
  name: string;
  edgeState: EdgeState;
  reason: string;
}

export interface FleetCounts {
  edgesProcessed: number;
  edges: Array<{ host: string; enterpriseId: number; state: EdgeState; count: number }>;
  links: Array<{ state: LinkState; count: number }>;
  faulty: FaultyEdge[];
  /** Edges the vendor sent malformed, with the reason: not counted. */
  discards: Array<{ device: string; reason: string }>;
}

export interface FleetSnapshot extends FleetCounts {
  /** The workflow ID of the cycle that took it. */
  cycle: string;
  takenAt: string;
}

export const emptyCounts = (): FleetCounts => ({ edgesProcessed: 0, edges: [], links: [], faulty: [], discards: [] });

/** Counts one enterprise's edges and links. */
export function countEnterprise(
  host: string,
  enterpriseId: number,
  edges: ReadonlyArray<{ id: number; name: string; edgeState: EdgeState; links: LinkStatus[] }>,
): FleetCounts {
  const byState = new Map<EdgeState, number>();
  const byLink = new Map<LinkState, number>();
  const faulty: FaultyEdge[] = [];
  for (const e of edges) {
    byState.set(e.edgeState, (byState.get(e.edgeState) ?? 0) + 1);
    for (const l of e.links) byLink.set(l.state, (byLink.get(l.state) ?? 0) + 1);
    const health = classifyEdge(e);
    if (health.outage)
      faulty.push({
        host,
        enterpriseId,
        edgeId: e.id,
        name: e.name,
        edgeState: e.edgeState,
        reason:
          health.reason === 'edge-offline'
            ? 'edge offline'
            : `link disconnected (${health.disconnectedLinks.join(', ')})`,
      });
  }
  return {
    edgesProcessed: edges.length,
    edges: [...byState].map(([state, count]) => ({ host, enterpriseId, state, count })),
    links: [...byLink].map(([state, count]) => ({ state, count })),
    faulty,
    discards: [],
  };
}

/** Several enterprises' (or batches') counts as one. */
export function mergeCounts(parts: readonly FleetCounts[]): FleetCounts {
  const links = new Map<LinkState, number>();
  for (const p of parts) for (const l of p.links) links.set(l.state, (links.get(l.state) ?? 0) + l.count);
  return {
    edgesProcessed: parts.reduce((n, p) => n + p.edgesProcessed, 0),
    edges: parts.flatMap((p) => p.edges),
    links: [...links].map(([state, count]) => ({ state, count })),
    faulty: parts.flatMap((p) => p.faulty),
    discards: parts.flatMap((p) => p.discards),
  };
}

/**
 * What a batch or a segment of the sites monitor answers its workflow: counts only. Its counts per enterprise and its
 * faulty edges stay in the store until the cycle's snapshot is taken from them, so that no history grows with the fleet.
 */
export interface FleetTally {
  edgesProcessed: number;
  faulty: number;
  discarded: number;
}

export const tallyOf = (c: FleetCounts): FleetTally => ({
  edgesProcessed: c.edgesProcessed,
  faulty: c.faulty.length,
  discarded: c.discards.length,
});

export const addTallies = (parts: readonly FleetTally[]): FleetTally => ({
  edgesProcessed: parts.reduce((n, p) => n + p.edgesProcessed, 0),
  faulty: parts.reduce((n, p) => n + p.faulty, 0),
  discarded: parts.reduce((n, p) => n + p.discarded, 0),
});
