import { zonedInstant } from '../time';

/** A report's period: one calendar month in the report's time zone, as instants [start, end). */
export interface ReportPeriod {
  /** `2026-10`: the period's name in workflow IDs, file names and the `ReportPeriod` search attribute. */
  month: string;
  timeZone: string;
  /** ISO instant of the month's first midnight in the zone. */
  start: string;
  /** ISO instant of the next month's first midnight in the zone (exclusive). */
  end: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `2026-10` → year and month, or undefined for anything else (`2026-13`, `2026-1`, `Oct 2026`). */
export function parseMonth(text: string): { year: number; month: number } | undefined {
  const m = MONTH.exec(text.trim());
  return m ? { year: Number(m[1]), month: Number(m[2]) } : undefined;
}

const monthName = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

/** The month as instants in the zone: a month that starts or ends across a DST change is still whole. */
export function reportPeriod(month: string, timeZone: string): ReportPeriod {
  const parsed = parseMonth(month);
  if (!parsed) throw new RangeError(`"${month}" is not a month such as 2026-10`);
  const { year, month: m } = parsed;
  const next = m === 12 ? { year: year + 1, month: 1 } : { year, month: m + 1 };
  const midnight = (y: number, mo: number) =>
    new Date(zonedInstant({ year: y, month: mo, day: 1, hour: 0, minute: 0 }, timeZone)).toISOString();
  return { month: monthName(year, m), timeZone, start: midnight(year, m), end: midnight(next.year, next.month) };
}

/** The calendar month, in the zone, that `at` falls in. */
export function monthAt(at: number, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric' })
      .formatToParts(at)
      .map((x) => [x.type, Number(x.value)]),
  );
  return monthName(p.year, p.month);
}

/** The month before `month` (`2026-01` → `2025-12`). */
export function monthBefore(month: string): string {
  const parsed = parseMonth(month);
  if (!parsed) throw new RangeError(`"${month}" is not a month such as 2026-10`);
  return parsed.month === 1 ? monthName(parsed.year - 1, 12) : monthName(parsed.year, parsed.month - 1);
}

/**
 * The period a monthly report run at `at` covers: the previous calendar month in the zone. A run at
 * 08:00 on the 1st in New York is still the 1st there while UTC may say otherwise; the zone decides.
 */
export const previousPeriod = (at: number, timeZone: string): ReportPeriod =>
  reportPeriod(monthBefore(monthAt(at, timeZone)), timeZone);
