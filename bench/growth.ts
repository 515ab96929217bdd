// How fast a process's memory grows, from samples over time: the soak bench's figure.

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
  const median = (part: Sample[]) => {
    const sorted = part.map((p) => p.rssMb).sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  return { first: median(samples.slice(0, quarter)), last: median(samples.slice(-quarter)) };
}
