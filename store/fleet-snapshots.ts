import type { FleetCounts, FleetSnapshot } from '../domain/fleet';
import type { SitesCycleStats } from '../domain/sites-statistics';

/**
 * The sites monitor's store: its snapshots (the metrics endpoint of every process serves the latest), and the cycles
 * of each notifier interval until the interval's summary is sent.
 */
export interface FleetSnapshotStore {
  /**
   * Keeps one batch's counts of a cycle until the cycle's snapshot is taken from them (a retried batch replaces its
   * own); parts of other cycles older than PARTS_KEPT_MINUTES go when a snapshot is saved.
   */
  saveFleetPart(cycle: string, part: number, counts: FleetCounts): Promise<void>;
  /** A cycle's parts in batch order. */
  fleetParts(cycle: string): Promise<FleetCounts[]>;
  /** Stores a cycle's snapshot once (a retried save of the same cycle replaces it); keeps the last 100. */
  saveFleetSnapshot(snapshot: FleetSnapshot): Promise<void>;
  latestFleetSnapshot(): Promise<FleetSnapshot | undefined>;
  /** Adds a cycle to its interval once (a retry replaces it); a cycle of an interval already closed is dropped. */
  recordSitesCycle(stats: SitesCycleStats): Promise<void>;
  /** The cycles of every interval that started before `before` and is not closed, one array per interval, oldest first. */
  openSitesIntervals(before: string): Promise<SitesCycleStats[][]>;
  /** Closes an interval (its summary sent, or nothing to send): its cycles go, and no later cycle reopens it. */
  closeSitesInterval(intervalStart: string, closedAt: string): Promise<void>;
}

/** How many snapshots are kept: enough to look back a few hours at a 2-minute cycle. */
export const SNAPSHOTS_KEPT = 100;

/**
 * How long a batch's counts are kept after they were saved: a cycle takes seconds, and a retried snapshot save must
 * still find its own parts; a cycle that died half way leaves its parts for this long.
 */
export const PARTS_KEPT_MINUTES = 60;

/** How long a closed interval is remembered (so a cycle retried that late still cannot reopen it). */
export const CLOSED_INTERVALS_KEPT_DAYS = 7;

/** Rows of cycles grouped per interval, in the order given. */
export function groupByInterval(rows: readonly SitesCycleStats[]): SitesCycleStats[][] {
  const groups = new Map<string, SitesCycleStats[]>();
  for (const r of rows) groups.set(r.intervalStart, [...(groups.get(r.intervalStart) ?? []), r]);
  return [...groups.values()];
}
