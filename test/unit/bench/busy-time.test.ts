import { busySeconds } from '../../../bench/busy-time';

describe('busySeconds', () => {
  it('measures the union of intervals: overlaps once, gaps not at all', () => {
    expect(busySeconds([])).toBe(0);
    expect(busySeconds([[0, 1000]])).toBe(1);
    // 0-1.5 s (two overlapping, one inside), a gap, then 5-6 s.
    expect(
      busySeconds([
        [5000, 6000],
        [0, 1000],
        [500, 1500],
        [600, 700],
      ]),
    ).toBe(2.5);
  });
});
