import { growthPerHour, quarterMedians } from '../../../bench/growth';

const minute = 60_000;

describe("the soak bench's memory growth", () => {
  it('is the slope over the second half, per hour: the warm-up before it does not count', () => {
    // 10 minutes climbing 10 MB a minute (caches filling), then 10 minutes at 1 MB every 10 minutes.
    const samples = [
      ...Array.from({ length: 10 }, (_, i) => ({ atMs: i * minute, rssMb: 300 + 10 * i })),
      ...Array.from({ length: 10 }, (_, i) => ({ atMs: (10 + i) * minute, rssMb: 400 + 0.1 * i })),
    ];
    expect(growthPerHour(samples)).toBeCloseTo(6, 6);
  });

  it('is 0 for a flat line, negative for a shrinking one, NaN with too few samples', () => {
    expect(growthPerHour([0, 1, 2, 3].map((i) => ({ atMs: i * minute, rssMb: 250 })))).toBe(0);
    expect(growthPerHour([0, 1, 2, 3].map((i) => ({ atMs: i * minute, rssMb: 250 - i })))).toBeCloseTo(-60, 6);
    expect(growthPerHour([{ atMs: 0, rssMb: 1 }])).toBeNaN();
  });

  it('compares the median of the first and the last quarter, whatever the sawtooth between', () => {
    // A GC sawtooth (up 30 MB, back down, every 4 samples) over a floor that rises 0.5 MB a sample: the last
    // quarter starts 24 samples after the first, so its median is 12 MB higher.
    const samples = Array.from({ length: 32 }, (_, i) => ({ atMs: i * minute, rssMb: 400 + i / 2 + (i % 4) * 10 }));
    const { first, last } = quarterMedians(samples);
    expect(last - first).toBeCloseTo(12, 6);
    expect(quarterMedians([{ atMs: 0, rssMb: 7 }])).toEqual({ first: 7, last: 7 });
  });
});
