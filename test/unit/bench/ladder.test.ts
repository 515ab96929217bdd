import { capacity, dueOf, ladder, lastDueOf, STEP_GAP_MS, stepResults } from '../../../bench/ladder';
import { profileShares } from '../../../bench/cpu-profile';

describe("bench/dispatch-timelines' capacity ladder", () => {
  const steps = ladder('X-', [10, 20], 4, 1_000_000);

  it('lays the rates out one after the other, each rate apart by its own pace, a gap between rates', () => {
    expect(steps.map((s) => s.numbers)).toEqual([
      ['X-0-0000', 'X-0-0001', 'X-0-0002', 'X-0-0003'],
      ['X-1-0000', 'X-1-0001', 'X-1-0002', 'X-1-0003'],
    ]);
    expect([0, 1, 2, 3].map((i) => dueOf(steps[0], i))).toEqual([1_000_000, 1_000_100, 1_000_200, 1_000_300]);
    expect(steps[1].from).toBe(1_000_000 + 400 + STEP_GAP_MS);
    expect(lastDueOf(steps)).toBe(steps[1].from + 150);
  });

  it('measures each reminder from its own due time, and counts one never done as infinitely late', () => {
    const done = new Map(steps[0].numbers.map((n, i) => [n, dueOf(steps[0], i) + 500 + i * 100]));
    done.set('X-1-0000', dueOf(steps[1], 0) + 100);
    const [first, second] = stepResults(steps, done);
    expect(first).toEqual({ rate: 10, p50: 0.7, p99: 0.8, sent: 4, count: 4 });
    expect(second.sent).toBe(1);
    expect(second.p99).toBe(Infinity);
  });

  it('capacity is the highest rate kept up with before the first that was not', () => {
    const r = (rate: number, p99: number, sent = 4) => ({ rate, p50: p99 / 2, p99, sent, count: 4 });
    expect(capacity([r(8, 0.5), r(12, 1.9), r(16, 2.5), r(20, 1.0)])).toBe(12);
    expect(capacity([r(8, 0.5), r(12, 0.6, 3)])).toBe(8);
    expect(capacity([r(8, 3)])).toBe(0);
  });
});

describe('bench/cpu-profile: where the busy samples went', () => {
  it('puts each frame in its part, leaves idle out, and answers shares of the busy samples and their CPU ms (a sample a millisecond), largest first', () => {
    const node = (id: number, functionName: string, url: string, hitCount: number) => ({
      id,
      callFrame: { functionName, url },
      hitCount,
    });
    const shares = profileShares([
      node(1, '(idle)', '', 1000),
      node(2, 'activate', '/work/workflow-bundle-abc.js', 30),
      node(3, 'runInContext', '', 10),
      node(4, '(garbage collector)', '', 20),
      node(5, 'encode', 'file:///work/codec/encryption.ts', 20),
      node(6, 'somethingElse', 'node:timers', 20),
    ]);
    expect(shares).toEqual([
      { part: 'workflow code and its sandbox (replay included)', share: 0.4, ms: 40 },
      { part: 'garbage collection', share: 0.2, ms: 20 },
      { part: 'payload codec (encryption)', share: 0.2, ms: 20 },
      { part: 'other (node, timers)', share: 0.2, ms: 20 },
    ]);
  });
});
