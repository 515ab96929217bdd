import { setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { luminSubject, luminSummaryHtml, luminSummaryText, type LuminBillingSummary } from '../../domain/reports/lumin';
import { reportPeriod } from '../../domain/reports/period';
import { SearchAttr } from '../../domain/search-attributes';
import { lumin, reportFiles } from '../activities';
import { reportStep, sendReportEmail, type ReportDelivery } from './report-delivery';
import { pinned } from '../versioning';

export interface LuminBillingReportInput extends ReportDelivery {
  /** The period, `2026-10`: a calendar month in `timeZone`. */
  month: string;
  customer: string;
  /** Item types asked for; empty asks for all. */
  types: string[];
}

export interface LuminBillingReportResult {
  period: string;
  customer: string;
  total: number;
  byType: Record<string, number>;
  discarded: number;
  /** CSV size as written, before any compression for the mail. */
  csvBytes: number;
  email: 'sent' | 'already-sent';
}

/** `Acme Logistics` → `acme-logistics`, for the attachment's name. */
const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'customer';

/**
 * The Lumin.AI billing report (seed 002) for one customer and month: every billed item of the period
 * read page by page into a CSV in the app store (never through this history), then one email with the
 * summary (total API uses, a count per item type) and the CSV attached. Its workflow ID names the
 * period, so a month is reported once unless forced.
 */
export async function luminBillingReport(input: LuminBillingReportInput): Promise<LuminBillingReportResult> {
  const period = reportPeriod(input.month, input.timeZone);
  const { workflowId, runId } = workflowInfo();
  upsertSearchAttributes([{ key: SearchAttr.ReportPeriod, value: period.month }]);
  setCurrentDetails(`Reading ${input.customer}'s Lumin.AI billing items for ${period.month}`);
  const file = `${workflowId}#${runId}.csv`;
  const exported = await lumin
    .summarized(`Billing items of ${period.month} (${period.start} to ${period.end})`)
    .exportLuminBilling({ period, types: input.types, file });
  const summary: LuminBillingSummary = {
    customer: input.customer,
    period,
    total: exported.total,
    byType: exported.byType,
    discarded: exported.discarded,
  };
  const sent = await sendReportEmail(`Billing report ${period.month} to ${input.to.length} recipient(s)`, {
    step: reportStep(input),
    businessId: period.month,
    to: input.to,
    cc: input.cc,
    subject: luminSubject(summary),
    text: luminSummaryText(summary, input.types),
    html: luminSummaryHtml(summary, input.types),
    attachments: [
      {
        filename: `lumin-billing-${slug(input.customer)}-${period.month}.csv`,
        contentType: 'text/csv',
        storedFile: file,
      },
    ],
  });
  await reportFiles.discardReportFile({ file });
  upsertSearchAttributes([{ key: SearchAttr.Outcome, value: sent.outcome }]);
  setCurrentDetails(
    `${period.month}: ${exported.total} API uses in ${exported.pages} pages, CSV ${exported.bytes} bytes; email ${sent.outcome}` +
      (exported.discarded ? `; ${exported.discarded} malformed items left out` : ''),
  );
  return {
    period: period.month,
    customer: input.customer,
    total: exported.total,
    byType: exported.byType,
    discarded: exported.discarded,
    csvBytes: exported.bytes,
    email: sent.outcome,
  };
}
// Pages a month of billing for minutes to hours: one build for the whole export.
pinned(luminBillingReport);
