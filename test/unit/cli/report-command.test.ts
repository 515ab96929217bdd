import type { Client } from '@temporalio/client';
import { parseReportArgs, runReport } from '../../../cli/report-command';
import { UsageError } from '../../../cli/usage-error';
import { testConfig } from '../../helpers/env';

describe('npm run report arguments', () => {
  it('takes a report, an optional month and --force', () => {
    expect(parseReportArgs(['lumin'])).toEqual({ report: 'lumin', force: false });
    expect(parseReportArgs(['last-contact', '--month', '2026-10', '--force'])).toEqual({
      report: 'last-contact',
      month: '2026-10',
      force: true,
    });
  });

  it('names what is wrong', () => {
    const why = (argv: string[]) => {
      try {
        parseReportArgs(argv);
      } catch (err) {
        expect(err).toBeInstanceOf(UsageError);
        return (err as Error).message;
      }
      throw new Error('expected a usage error');
    };
    expect(why([])).toBe('which report? lumin or last-contact');
    expect(why(['billing'])).toBe('unknown report "billing"; reports: lumin, last-contact');
    expect(why(['lumin', '--month', '2026-13'])).toBe('--month needs a month such as 2026-10');
    expect(why(['lumin', '--month'])).toBe('--month needs a month such as 2026-10');
    expect(why(['lumin', '--months', '2026-10'])).toBe('unknown option --months');
  });

  it('refuses a month that has not ended in the report zone, before touching Temporal', async () => {
    const untouched = new Proxy(
      {},
      {
        get: () => {
          throw new Error('Temporal was called');
        },
      },
    ) as Client;
    // 02:00 UTC on November 1 is still October 31 in New York: October has not ended there.
    await expect(
      runReport(
        untouched,
        testConfig(),
        { report: 'lumin', month: '2026-10', force: false },
        Date.parse('2026-11-01T02:00:00Z'),
      ),
    ).rejects.toThrow(
      '2026-10 has not ended yet in America/New_York (it ends 2026-11-01 00:00:00 EDT); report a past month',
    );
    // No month given on the 1st at that hour: the month before is September, which has ended.
    await expect(
      runReport(untouched, testConfig(), { report: 'lumin', force: false }, Date.parse('2026-11-01T02:00:00Z')),
    ).rejects.toThrow('Temporal was called');
  });
});
