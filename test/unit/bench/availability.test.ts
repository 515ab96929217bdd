import { unavailability } from '../../../bench/drill/availability';

describe('unavailability', () => {
  const probes = (pattern: string, from = 0) => [...pattern].map((c, i) => ({ at: from + i * 100, ok: c === '.' }));

  it('counts each run of failed probes from its first failure to the first answer after it', () => {
    // Failures at 200-300 ms (answered again at 400) and 700 ms (answered at 800).
    expect(unavailability(probes('..xx...x..'), 0, 1_000)).toEqual({ seconds: 0.3, longest: 0.2 });
    expect(unavailability(probes('.........'), 0, 1_000)).toEqual({ seconds: 0, longest: 0 });
  });

  it('ends a run still failing at the last probe one probe later, and only counts probes in the window', () => {
    expect(unavailability(probes('...xxx'), 0, 10_000)).toEqual({ seconds: 0.3, longest: 0.3 });
    expect(unavailability(probes('xxxx......xx'), 500, 900)).toEqual({ seconds: 0, longest: 0 });
  });

  it('counts a blind gap between probes (the prober could not look) as unavailable', () => {
    const probes = [
      { at: 0, ok: true },
      { at: 100, ok: true },
      { at: 5_100, ok: true }, // nothing probed for 5 s
      { at: 5_200, ok: true },
    ];
    expect(unavailability(probes, 0, 6_000)).toEqual({ seconds: 5, longest: 5 });
    // A slow answer within the probe's timeout is not a gap.
    expect(unavailability([probes[0], { at: 1_900, ok: true }], 0, 6_000)).toEqual({ seconds: 0, longest: 0 });
  });
});
