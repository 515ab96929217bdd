import type { FleetSnapshot } from '../domain/fleet';

/** The sites monitor's snapshots: the metrics endpoint of every process serves the latest. */
export interface FleetSnapshotStore {
  /** Stores a cycle's snapshot once (a retried save of the same cycle replaces it); keeps the last 100. */
  saveFleetSnapshot(snapshot: FleetSnapshot): Promise<void>;
  latestFleetSnapshot(): Promise<FleetSnapshot | undefined>;
}

/** How many snapshots are kept: enough to look back a few hours at a 2-minute cycle. */
export const SNAPSHOTS_KEPT = 100;
