import {
  isStale,
  lastContactCsv,
  lastContactHtml,
  monthsInService,
  termBalance,
  type LastContactReport,
} from '../../../domain/reports/last-contact';
import { luminSummaryHtml, luminSummaryText, type LuminBillingSummary } from '../../../domain/reports/lumin';
import { monthAt, monthBefore, parseMonth, previousPeriod, reportPeriod } from '../../../domain/reports/period';
import { csvField, csvRow, escapeHtml } from '../../../domain/reports/render';

describe('report periods', () => {
  it('a month is its first midnight to the next one in the zone, across DST changes and year ends', () => {
    expect(reportPeriod('2026-10', 'America/New_York')).toEqual({
      month: '2026-10',
      timeZone: 'America/New_York',
      start: '2026-10-01T04:00:00.000Z',
      end: '2026-11-01T04:00:00.000Z',
    });
    // March starts in EST and ends in EDT: 31 days less an hour.
    expect(reportPeriod('2026-03', 'America/New_York')).toMatchObject({
      start: '2026-03-01T05:00:00.000Z',
      end: '2026-04-01T04:00:00.000Z',
    });
    expect(reportPeriod('2026-12', 'UTC')).toMatchObject({
      start: '2026-12-01T00:00:00.000Z',
      end: '2027-01-01T00:00:00.000Z',
    });
    // Auckland is ahead of UTC: its February starts on January 31 in UTC.
    expect(reportPeriod('2026-02', 'Pacific/Auckland')).toMatchObject({
      start: '2026-01-31T11:00:00.000Z',
      end: '2026-02-28T11:00:00.000Z',
    });
    expect(() => reportPeriod('2026-13', 'UTC')).toThrow('"2026-13" is not a month such as 2026-10');
  });

  it('the period a run reports is the month before the run, as the zone reads the run time', () => {
    // 08:00 on the 1st in New York: October is reported.
    expect(previousPeriod(Date.parse('2026-11-01T12:00:00Z'), 'America/New_York').month).toBe('2026-10');
    // 03:00 UTC on the 1st is still the 31st in New York: September is reported, not October.
    expect(previousPeriod(Date.parse('2026-11-01T03:00:00Z'), 'America/New_York').month).toBe('2026-09');
    // ...and already the 1st in Tokyo.
    expect(previousPeriod(Date.parse('2026-10-31T16:00:00Z'), 'Asia/Tokyo').month).toBe('2026-10');
    expect(previousPeriod(Date.parse('2027-01-01T13:00:00Z'), 'America/New_York').month).toBe('2026-12');
    expect(monthBefore('2026-01')).toBe('2025-12');
    expect(monthAt(Date.parse('2026-03-31T23:30:00Z'), 'Europe/Madrid')).toBe('2026-04');
  });

  it('reads only YYYY-MM months', () => {
    expect(parseMonth('2026-10')).toEqual({ year: 2026, month: 10 });
    for (const bad of ['2026-1', '2026-00', '2026-13', 'Oct 2026', '2026-10-01', ''])
      expect(parseMonth(bad)).toBeUndefined();
  });
});

describe('the last-contact rules', () => {
  it('an edge is stale after more than the days: exactly 30 days is not, a millisecond more is', () => {
    const asOf = '2026-11-01T04:00:00.000Z';
    expect(isStale('2026-10-02T04:00:00.000Z', asOf, 30)).toBe(false);
    expect(isStale('2026-10-02T03:59:59.999Z', asOf, 30)).toBe(true);
    expect(isStale('2026-10-20T00:00:00.000Z', asOf, 30)).toBe(false);
  });

  it('months in service are whole calendar months; the balance of the term never goes below zero', () => {
    expect(monthsInService('2024-01-15T00:00:00Z', '2024-03-14T23:59:59Z')).toBe(1);
    expect(monthsInService('2024-01-15T00:00:00Z', '2024-03-15T00:00:00Z')).toBe(2);
    // Activated on the 31st: February has no 31st, so a month is not done until March 31.
    expect(monthsInService('2026-01-31T00:00:00Z', '2026-02-28T12:00:00Z')).toBe(0);
    expect(monthsInService('2026-01-31T00:00:00Z', '2026-03-31T00:00:00Z')).toBe(2);
    expect(monthsInService('2023-06-01T00:00:00Z', '2026-11-01T04:00:00Z')).toBe(41);
    expect(monthsInService('2026-12-01T00:00:00Z', '2026-11-01T00:00:00Z')).toBe(0);
    expect(termBalance(32, 36)).toBe(4);
    expect(termBalance(41, 36)).toBe(0);
  });
});

describe('report rendering', () => {
  it('CSV fields with a comma, a quote or a line break are quoted, quotes doubled; rows end in CRLF', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('Acme, Inc.')).toBe('"Acme, Inc."');
    expect(csvField('the "main" site')).toBe('"the ""main"" site"');
    expect(csvField('line one\nline two')).toBe('"line one\nline two"');
    expect(csvField(undefined)).toBe('');
    expect(csvRow(['a,b', 3, null])).toBe('"a,b",3,\r\n');
    // A formula in a vendor's text stays text in a spreadsheet; a negative number stays a number.
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-12.5')).toBe('-12.5');
    expect(csvField(-3)).toBe('-3');
  });

  it('HTML escapes every value: a customer called <script> stays text', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'co'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;',
    );
    const summary: LuminBillingSummary = {
      customer: '<script>alert(1)</script>',
      period: reportPeriod('2026-10', 'America/New_York'),
      total: 3,
      byType: { 'billing.scheduled': 2, 'billing.delete': 1 },
      discarded: 1,
    };
    const html = luminSummaryHtml(summary, []);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // Every known type has a row, zero included, in the same order as the text part.
    const text = luminSummaryText(summary, []);
    expect(text.split('\n').filter((l) => l.startsWith('  '))).toEqual([
      '  billing.delete: 1',
      '  billing.fatal-error.sfdc.user-id: 0',
      '  billing.lead-received: 0',
      '  billing.scheduled: 2',
      '  billing.rescheduled: 0',
    ]);
    expect(text).toContain('Malformed items left out: 1');
    // Asked for two types: the summary names those two only.
    expect(luminSummaryText(summary, ['billing.scheduled', 'billing.delete'])).not.toContain('lead-received');
  });

  it('the last-contact CSV and HTML carry awkward names intact and safe, the longest silent first', () => {
    const report: LastContactReport = {
      period: reportPeriod('2026-10', 'America/New_York'),
      asOf: '2026-11-01T04:00:00.000Z',
      days: 30,
      termMonths: 36,
      edges: [
        {
          host: 'vco.example.net',
          enterpriseId: 7,
          enterpriseName: 'Smith, Jones & "Partners"',
          edgeId: 2,
          name: 'yard\nnorth',
          serialNumber: 'VC2',
          modelNumber: 'edge510',
          lastContact: '2026-09-20T00:00:00.000Z',
          activatedAt: '2025-10-01T00:00:00.000Z',
          monitorUrl: 'https://vco.example.net/#!/operator/customer/7/monitor/edge/2/',
        },
        {
          host: 'vco.example.net',
          enterpriseId: 7,
          enterpriseName: '<b>bold</b>',
          edgeId: 1,
          name: 'depot',
          serialNumber: 'VC1',
          modelNumber: '',
          lastContact: '2026-08-01T12:00:00.000Z',
          monitorUrl: 'https://vco.example.net/#!/operator/customer/7/monitor/edge/1/?a=1&b="2"',
        },
      ],
    };
    expect(lastContactCsv(report).split('\r\n').slice(1)).toEqual([
      // No activation date: months and balance are blank, not invented.
      'depot,<b>bold</b>,VC1,,2026-08-01 08:00:00 EDT,,,"https://vco.example.net/#!/operator/customer/7/monitor/edge/1/?a=1&b=""2"""',
      '"yard\nnorth","Smith, Jones & ""Partners""",VC2,edge510,2026-09-19 20:00:00 EDT,13,23,https://vco.example.net/#!/operator/customer/7/monitor/edge/2/',
      '',
    ]);
    const html = lastContactHtml(report);
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(html).toContain('Smith, Jones &amp; &quot;Partners&quot;');
    expect(html).toContain(
      'href="https://vco.example.net/#!/operator/customer/7/monitor/edge/1/?a=1&amp;b=&quot;2&quot;"',
    );
  });
});
