import { countEnterprise, mergeCounts } from '../../../domain/fleet';
import { cycleStats, foldInterval, intervalStart, intervalSummary } from '../../../domain/sites-statistics';

const edge = (id: number, name: string, up: boolean) => ({
  id,
  name,
  edgeState: up ? ('CONNECTED' as const) : ('OFFLINE' as const),
  links: [],
});
/** A cycle at `time` (UTC, same day) in which the named edges of a 4-edge enterprise are down. */
const cycle = (time: string, down: string[], interval = 3600) =>
  cycleStats(
    `sites-monitor-${time}`,
    `2026-12-03T${time}Z`,
    interval,
    mergeCounts([
      countEnterprise(
        'h1',
        7,
        ['hq', 'shop', 'depot', 'lab'].map((n, i) => edge(i, n, !down.includes(n))),
      ),
    ]),
  );

describe('sites statistics per notifier interval (domain/sites-statistics.ts)', () => {
  it('puts an instant in the interval aligned to the epoch: an hour is a UTC hour', () => {
    expect(intervalStart('2026-12-03T13:59:59.999Z', 3600)).toBe('2026-12-03T13:00:00.000Z');
    expect(intervalStart('2026-12-03T14:00:00.000Z', 3600)).toBe('2026-12-03T14:00:00.000Z');
    expect(intervalStart('2026-12-03T14:47:10.000Z', 1800)).toBe('2026-12-03T14:30:00.000Z');
    expect(intervalStart('2026-12-03T14:47:10.000Z', 30)).toBe('2026-12-03T14:47:00.000Z');
  });

  it('folds the cycles: per faulty edge how many cycles, first and last seen; the latest counts', () => {
    const folded = foldInterval(
      [
        cycle('13:06:00', ['shop']),
        cycle('13:02:00', ['shop', 'depot']),
        cycle('13:04:00', []),
        cycle('13:08:00', ['shop']),
      ],
      3600,
    );
    expect(folded).toMatchObject({ start: '2026-12-03T13:00:00.000Z', end: '2026-12-03T14:00:00.000Z', cycles: 4 });
    expect(folded.latest).toEqual({
      edgesProcessed: 4,
      states: [
        { state: 'CONNECTED', count: 3 },
        { state: 'OFFLINE', count: 1 },
      ],
      discarded: 0,
    });
    expect(folded.faulty).toEqual([
      expect.objectContaining({
        name: 'shop',
        cycles: 3,
        firstSeen: '2026-12-03T13:02:00Z',
        lastSeen: '2026-12-03T13:08:00Z',
      }),
      expect.objectContaining({
        name: 'depot',
        cycles: 1,
        firstSeen: '2026-12-03T13:02:00Z',
        lastSeen: '2026-12-03T13:02:00Z',
      }),
    ]);
  });

  it('says the interval, the counts and each faulty edge in one message', () => {
    const text = intervalSummary(foldInterval([cycle('13:02:00', ['shop']), cycle('13:04:10', ['shop'])], 3600));
    expect(text.split('\n')).toEqual([
      '*Sites monitor*, 2026-12-03 13:00–14:00 UTC: 1 faulty edge in 2 cycles',
      'Latest cycle: 4 edges (CONNECTED 3, OFFLINE 1)',
      '• shop (h1, enterprise 7): edge offline; faulty in 2 of 2 cycles, first 13:02:00, last 13:04:10',
    ]);
  });

  it('lists the 40 most often faulty edges and counts the rest', () => {
    const names = Array.from({ length: 45 }, (_, i) => `e${String(i).padStart(2, '0')}`);
    const many = (time: string, down: string[]) =>
      cycleStats(
        time,
        `2026-12-03T${time}Z`,
        3600,
        countEnterprise(
          'h1',
          1,
          names.map((n, i) => edge(i, n, !down.includes(n))),
        ),
      );
    const lines = intervalSummary(foldInterval([many('13:00:00', names), many('13:02:00', ['e44'])], 3600)).split('\n');
    expect(lines[0]).toBe('*Sites monitor*, 2026-12-03 13:00–14:00 UTC: 45 faulty edges in 2 cycles');
    expect(lines[2]).toMatch(/^• e44 .*faulty in 2 of 2 cycles/);
    expect(lines).toHaveLength(2 + 40 + 1);
    expect(lines[lines.length - 1]).toBe('… and 5 more');
  });

  it('refuses to fold an interval with no cycle', () => {
    expect(() => foldInterval([], 3600)).toThrow(/no cycle/);
  });
});
