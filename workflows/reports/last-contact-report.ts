import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import {
  lastContactCsv,
  lastContactHtml,
  lastContactSubject,
  lastContactText,
  type LastContactReport,
} from '../../domain/reports/last-contact';
import { reportPeriod } from '../../domain/reports/period';
import { SearchAttr } from '../../domain/search-attributes';
import { velocloud } from '../activities';
import { reportStep, sendReportEmail, type ReportDelivery } from './report-delivery';
import { pinned } from '../versioning';

export interface LastContactReportInput extends ReportDelivery {
  month: string;
  hosts: string[];
  /** An edge is listed when its last contact is more than this many days before the period's end. */
  days: number;
  termMonths: number;
}

export interface LastContactReportResult {
  period: string;
  asOf: string;
  edgesChecked: number;
  stale: number;
  discarded: number;
  email: 'sent' | 'already-sent';
}

/**
 * The last-contact report (seed 002): every edge VeloCloud last heard from more than `days` days
 * before the end of the month, with its months in service and what is left of its term; an HTML
 * table and the same rows as CSV. The rows are few (silent edges), so they travel inline.
 */
export async function lastContactReport(input: LastContactReportInput): Promise<LastContactReportResult> {
  const period = reportPeriod(input.month, input.timeZone);
  upsertSearchAttributes([{ key: SearchAttr.ReportPeriod, value: period.month }]);
  setCurrentDetails(`Reading every edge's last contact on ${input.hosts.join(', ')}`);
  const asOf = period.end;
  const scans = await Promise.all(
    input.hosts.map((host) =>
      velocloud.summarized(`Edges silent more than ${input.days} days on ${host}`).lastContactScan({
        host,
        asOf,
        days: input.days,
      }),
    ),
  );
  const report: LastContactReport = {
    period,
    asOf,
    days: input.days,
    termMonths: input.termMonths,
    edges: scans.flatMap((s) => s.stale),
  };
  const discarded = scans.reduce((n, s) => n + s.discards.length, 0);
  const sent = await sendReportEmail(`Last-contact report ${period.month}`, {
    step: reportStep(input),
    businessId: period.month,
    to: input.to,
    cc: input.cc,
    subject: lastContactSubject(report),
    text: lastContactText(report),
    html: lastContactHtml(report),
    attachments: [
      { filename: `last-contact-${period.month}.csv`, contentType: 'text/csv', content: lastContactCsv(report) },
    ],
  });
  upsertSearchAttributes([{ key: SearchAttr.Outcome, value: sent.outcome }]);
  const edgesChecked = scans.reduce((n, s) => n + s.checked, 0);
  setCurrentDetails(
    `${period.month}: ${report.edges.length} of ${edgesChecked} edges silent more than ${input.days} days; email ${sent.outcome}` +
      (discarded ? `; ${discarded} edges with unreadable dates left out` : ''),
  );
  return { period: period.month, asOf, edgesChecked, stale: report.edges.length, discarded, email: sent.outcome };
}
// Pages the fleet for minutes to hours: one build for the whole report.
pinned(lastContactReport);
