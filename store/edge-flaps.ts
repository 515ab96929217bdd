import type { FlapRecord } from '../domain/flapping';

/** One edge's flap record as stored: `scope` is the edge's `host/enterpriseId`, which a check batch reads by. */
export interface StoredFlap {
  device: string;
  scope: string;
  /** Absent: forget the edge (up, with no change in the window). */
  record?: FlapRecord;
}

/**
 * The flap damping records of the edges that are down, changed state lately or are flapping (`domain/flapping.ts`);
 * the healthy majority has none. A check batch reads its enterprises' records once and writes back the changed ones
 * once.
 */
export interface EdgeFlapStore {
  /** The records of these enterprises' edges, by device (serial number). */
  flapRecords(scopes: string[]): Promise<Map<string, FlapRecord>>;
  /** Saves (or, without a record, forgets) these edges' records in one transaction. */
  saveFlapRecords(flaps: StoredFlap[]): Promise<void>;
  /** Marks the episode that began at `since` noted on its ticket (a later episode of the device is left alone). */
  markFlapNoted(devices: Array<{ device: string; since: string }>): Promise<void>;
}
