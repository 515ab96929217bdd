import { formatInstant } from '../time';
import type { ReportPeriod } from './period';
import { csvRow, htmlDocument, htmlParagraph, htmlTable } from './render';

/** The item types Lumin.AI bills for; a request with no type asks for all of them. */
export const LUMIN_BILLING_TYPES = [
  'billing.delete',
  'billing.fatal-error.sfdc.user-id',
  'billing.lead-received',
  'billing.scheduled',
  'billing.rescheduled',
] as const;
export type LuminBillingType = (typeof LUMIN_BILLING_TYPES)[number];

/** One billed API use, as the report keeps it (no phone numbers or names: the CSV is stored until sent). */
export interface LuminBillingItem {
  id: string;
  type: string;
  timestamp: string;
  conversationId: string;
}

export const LUMIN_CSV_HEADER = csvRow(['id', 'timestamp', 'type', 'conversation_id']);
export const luminCsvRow = (item: LuminBillingItem): string =>
  csvRow([item.id, item.timestamp, item.type, item.conversationId]);

/** What the report says about a period: the whole count, a count per type, and what was left out. */
export interface LuminBillingSummary {
  customer: string;
  period: ReportPeriod;
  total: number;
  byType: Record<string, number>;
  /** Items that broke the contract, left out of the CSV and the counts. */
  discarded: number;
}

/** Every requested type in a stable order (the known ones first), with zero for a type with no use. */
function typeRows(summary: LuminBillingSummary, requested: readonly string[]): Array<[string, number]> {
  const types = [...new Set([...(requested.length ? requested : LUMIN_BILLING_TYPES), ...Object.keys(summary.byType)])];
  return types.map((t) => [t, summary.byType[t] ?? 0]);
}

const periodText = (p: ReportPeriod) =>
  `${p.month} (${formatInstant(p.start, p.timeZone)} to ${formatInstant(p.end, p.timeZone)})`;

export const luminSubject = (s: LuminBillingSummary) => `Lumin.AI billing report: ${s.customer}, ${s.period.month}`;

/** The summary email's plain-text part. */
export function luminSummaryText(s: LuminBillingSummary, requested: readonly string[]): string {
  return [
    `Lumin.AI billing report for ${s.customer}`,
    `Period: ${periodText(s.period)}`,
    `Total API uses: ${s.total}`,
    ...typeRows(s, requested).map(([t, n]) => `  ${t}: ${n}`),
    ...(s.discarded ? [`Malformed items left out: ${s.discarded}`] : []),
    'Every item is in the attached CSV.',
  ].join('\n');
}

/** The summary email's HTML part: the customer name and every value escaped. */
export function luminSummaryHtml(s: LuminBillingSummary, requested: readonly string[]): string {
  return htmlDocument(`Lumin.AI billing report: ${s.customer}`, [
    htmlParagraph(`Period: ${periodText(s.period)}`),
    htmlParagraph(`Total API uses: ${s.total}`),
    htmlTable(['Item type', 'API uses'], typeRows(s, requested)),
    ...(s.discarded ? [htmlParagraph(`Malformed items left out: ${s.discarded}`)] : []),
    htmlParagraph('Every item is in the attached CSV.'),
  ]);
}
