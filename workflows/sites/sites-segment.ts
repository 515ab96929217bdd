import { setCurrentDetails } from '@temporalio/workflow';
import { mapBounded } from '../../domain/batches';
import { addTallies, type FleetTally } from '../../domain/fleet';
import { velocloud } from '../activities';
import type { EdgeBatch } from '../outage/edge-batches';
import { autoUpgrade } from '../versioning';

export interface SitesSegmentInput {
  /** The cycle's workflow ID: the batches keep their counts in the store under it. */
  cycle: string;
  batches: EdgeBatch[];
  /** The cycle-wide number of this segment's first batch (1-based), so that every batch of the cycle has its own part. */
  firstPart: number;
  concurrency?: number;
  /** This segment's place among the cycle's (1-based), for the UI. */
  segment: number;
  of: number;
}

/**
 * Counts these batches of a sites cycle, `concurrency` at a time: each batch keeps its counts in the store as a part of
 * the cycle and answers its totals only. A small fleet's cycle runs this itself; a large one's in segment children.
 */
export async function countBatches(
  cycle: string,
  batches: EdgeBatch[],
  firstPart: number,
  concurrency = 8,
): Promise<FleetTally> {
  const tallies = await mapBounded(batches, concurrency, (b, i) =>
    velocloud
      .summarized(`Edge and link states of ${b.enterpriseIds.length} enterprises on ${b.host}`)
      .countFleetStates({ cycle, part: firstPart + i, host: b.host, enterpriseIds: b.enterpriseIds }),
  );
  return addTallies(tallies);
}

/** A share of one sites cycle's batches, so that no execution's history carries more than a segment's batches. */
export async function sitesSegment(input: SitesSegmentInput): Promise<FleetTally> {
  setCurrentDetails(`Segment ${input.segment} of ${input.of}: ${input.batches.length} batches`);
  return countBatches(input.cycle, input.batches, input.firstPart, input.concurrency);
}
autoUpgrade(sitesSegment);
