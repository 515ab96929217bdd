import { workflowInfo } from '@temporalio/workflow';
import { mapBounded } from '../domain/batches';
import { segmentWorkflowId } from '../domain/workflow-ids';

/** Batches per segment child: 20 batches of 10 enterprises of ~50 edges is ~10,000 edges, one execution's worth. */
export const BATCHES_PER_SEGMENT = 20;
/** Segments in flight at once: each runs its own batches `concurrency` at a time. */
const SEGMENTS_IN_FLIGHT = 4;

/** How a segment child is started: its ID under the monitor's, and the line the Web UI shows for it. */
export interface SegmentStart {
  workflowId: string;
  staticSummary: string;
}

/**
 * A monitor's fleet in segment children, so that no history carries the whole fleet: `run` starts segment `n` of
 * `segments.length` (as `<monitor>/segment-<n>`), SEGMENTS_IN_FLIGHT at a time; the answers come in segment order.
 */
export function inSegments<B extends { enterpriseIds: unknown[] }, R>(
  segments: B[][],
  run: (batches: B[], segment: number, start: SegmentStart) => Promise<R>,
): Promise<R[]> {
  const monitor = workflowInfo().workflowId;
  return mapBounded(segments, SEGMENTS_IN_FLIGHT, (batches, i) =>
    run(batches, i + 1, {
      workflowId: segmentWorkflowId(monitor, i + 1),
      staticSummary: `Segment ${i + 1} of ${segments.length}: ${batches.reduce((n, b) => n + b.enterpriseIds.length, 0)} enterprises`,
    }),
  );
}
