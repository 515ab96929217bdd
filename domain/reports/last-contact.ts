import { formatInstant } from '../time';
import type { ReportPeriod } from './period';
import { csvRow, htmlDocument, htmlLink, htmlParagraph, htmlTable } from './render';

const DAY_MS = 86_400_000;

/** An edge is stale when its last contact is more than `days` whole days before `asOf` (exactly 30 is not). */
export const isStale = (lastContact: string, asOf: string, days: number): boolean =>
  Date.parse(asOf) - Date.parse(lastContact) > days * DAY_MS;

/** Whole calendar months from activation to `asOf` (UTC): 2024-01-15 → 2024-03-14 is 1, → 2024-03-15 is 2. */
export function monthsInService(activatedAt: string, asOf: string): number {
  const a = new Date(activatedAt);
  const b = new Date(asOf);
  const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  const dayOfA = a.getTime() - Date.UTC(a.getUTCFullYear(), a.getUTCMonth());
  const dayOfB = b.getTime() - Date.UTC(b.getUTCFullYear(), b.getUTCMonth());
  return Math.max(0, dayOfB < dayOfA ? months - 1 : months);
}

/** Months left of the contract term (36 by default); none once it is served. */
export const termBalance = (months: number, termMonths: number): number => Math.max(0, termMonths - months);

/** A stale edge as VeloCloud describes it. */
export interface StaleEdge {
  host: string;
  enterpriseId: number;
  enterpriseName: string;
  edgeId: number;
  name: string;
  serialNumber: string;
  modelNumber: string;
  lastContact: string;
  /** When the edge was activated; unknown for an edge VeloCloud gives none for. */
  activatedAt?: string;
  monitorUrl: string;
}

export interface LastContactReport {
  period: ReportPeriod;
  asOf: string;
  days: number;
  termMonths: number;
  edges: StaleEdge[];
}

const HEADER = [
  'Edge name',
  'Enterprise',
  'Serial number',
  'Model number',
  'Last contact',
  'Months in service',
  `Balance of term (months)`,
  'VeloCloud monitor URL',
];

/** The report's rows, the longest silent first; an edge with no activation date has blanks for its term. */
function rows(r: LastContactReport) {
  return [...r.edges]
    .sort((a, b) => a.lastContact.localeCompare(b.lastContact) || a.name.localeCompare(b.name))
    .map((e) => {
      const months = e.activatedAt ? monthsInService(e.activatedAt, r.asOf) : undefined;
      return {
        edge: e,
        lastContact: formatInstant(e.lastContact, r.period.timeZone),
        months: months ?? '',
        balance: months === undefined ? '' : termBalance(months, r.termMonths),
      };
    });
}

export const lastContactSubject = (r: LastContactReport) =>
  `Last-contact report ${r.period.month}: ${r.edges.length} edge${r.edges.length === 1 ? '' : 's'} silent more than ${r.days} days`;

export function lastContactCsv(r: LastContactReport): string {
  return (
    csvRow(HEADER) +
    rows(r)
      .map(({ edge: e, lastContact, months, balance }) =>
        csvRow([e.name, e.enterpriseName, e.serialNumber, e.modelNumber, lastContact, months, balance, e.monitorUrl]),
      )
      .join('')
  );
}

const intro = (r: LastContactReport) =>
  `Edges whose last contact with VeloCloud was more than ${r.days} days before ${formatInstant(r.asOf, r.period.timeZone)}: ${r.edges.length}. Term: ${r.termMonths} months.`;

export function lastContactText(r: LastContactReport): string {
  return [
    intro(r),
    ...rows(r).map(
      ({ edge: e, lastContact, months, balance }) =>
        `- ${e.name} (${e.enterpriseName}, ${e.serialNumber}, ${e.modelNumber}): last contact ${lastContact}; ${months === '' ? 'activation unknown' : `${months} months in service, ${balance} left`}; ${e.monitorUrl}`,
    ),
    'The same rows are in the attached CSV.',
  ].join('\n');
}

export function lastContactHtml(r: LastContactReport): string {
  return htmlDocument(`Last-contact report ${r.period.month}`, [
    htmlParagraph(intro(r)),
    htmlTable(
      HEADER.slice(0, -1).concat('VeloCloud'),
      rows(r).map(({ edge: e, lastContact, months, balance }) => [
        e.name,
        e.enterpriseName,
        e.serialNumber,
        e.modelNumber,
        lastContact,
        months,
        balance,
        htmlLink(e.monitorUrl, 'monitor'),
      ]),
    ),
    htmlParagraph('The same rows are in the attached CSV.'),
  ]);
}
