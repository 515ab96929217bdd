// How fast a process's memory grows, from samples over time: the soak bench's figure.
import { median } from '../domain/dora';

export interface Sample {
  atMs: number;
  rssMb: number;
}

/**
 * The least-squares slope of RSS over time, in MB per hour, over the second half of the samples: the first half is
 * where caches fill and the isolates warm up, which is growth a process has once, not a leak. NaN under 2 samples.
 */
export function growthPerHour(samples: Sample[]): number {
  const tail = samples.slice(Math.floor(samples.length / 2));
  if (tail.length < 2) return NaN;
  const n = tail.length;
  const mx = tail.reduce((s, p) => s + p.atMs, 0) / n;
  const my = tail.reduce((s, p) => s + p.rssMb, 0) / n;
  const sxy = tail.reduce((s, p) => s + (p.atMs - mx) * (p.rssMb - my), 0);
  const sxx = tail.reduce((s, p) => s + (p.atMs - mx) ** 2, 0);
  return (sxy / sxx) * 3_600_000;
}

/** The median RSS of the first and the last quarter of the samples, in MB: a drift GC's sawtooth does not hide. */
export function quarterMedians(samples: Sample[]): { first: number; last: number } {
  const quarter = Math.max(1, Math.floor(samples.length / 4));
  const rssMedian = (part: Sample[]) => median(part.map((p) => p.rssMb)) ?? NaN;
  return { first: rssMedian(samples.slice(0, quarter)), last: rssMedian(samples.slice(-quarter)) };
}
