import { formatDoraResult, parseDoraArgs } from '../../../cli/dora-command';
import { UsageError } from '../../../cli/usage-error';

describe('npm run dora', () => {
  it('parses compute with repos and a window, and names each mistake', () => {
    expect(parseDoraArgs(['compute'])).toEqual({ repos: [] });
    expect(parseDoraArgs(['compute', '--repo', 'api', '--repo', 'web', '--days', '7'])).toEqual({
      repos: ['api', 'web'],
      days: 7,
    });
    const cases: Array<[string[], RegExp]> = [
      [[], /missing command/],
      [['show'], /unknown command "show"/],
      [['compute', '--repos', 'api'], /unknown option --repos/],
      [['compute', '--repo'], /--repo needs a value/],
      [['compute', '--days', '0'], /--days must be a whole number from 1 to 365/],
      [['compute', '--days', '2.5'], /--days must be/],
    ];
    for (const [argv, message] of cases) {
      expect(() => parseDoraArgs(argv)).toThrow(UsageError);
      expect(() => parseDoraArgs(argv)).toThrow(message);
    }
  });

  it('says so when no repo has events, and shows a repo without measurements as dashes', () => {
    expect(formatDoraResult({ asOf: '2026-11-25T00:00:00.000Z', windowDays: 30, repos: [] })).toBe(
      'no repo has events in the 30 days before 2026-11-25T00:00:00.000Z',
    );
    const table = formatDoraResult({
      asOf: '2026-11-25T00:00:00.000Z',
      windowDays: 30,
      repos: [
        {
          repo: 'quiet',
          eventsRead: 1,
          deploysPerDay: 0,
          leadTimeHours: null,
          changeFailureRate: null,
          timeToRestoreHours: null,
          levels: { deploymentFrequency: 'low', leadTime: null, changeFailureRate: null, timeToRestore: null },
        },
      ],
    });
    expect(table.split('\n')[2]).toMatch(/^quiet\s+0\.00\/day \(low\)\s+— \(n\/a\)\s+— \(n\/a\)\s+— \(n\/a\)$/);
  });
});
