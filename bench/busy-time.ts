/**
 * Seconds during which at least one of these [from, to] intervals (ms) is open: the length of their union.
 * A cycle's vendor rate over this time leaves out its timer and the gaps between its phases.
 */
export function busySeconds(intervals: ReadonlyArray<readonly [number, number]>): number {
  let busy = 0;
  let end = -Infinity;
  for (const [from, to] of [...intervals].sort((a, b) => a[0] - b[0])) {
    if (to <= end) continue;
    busy += to - Math.max(from, end);
    end = to;
  }
  return busy / 1000;
}
