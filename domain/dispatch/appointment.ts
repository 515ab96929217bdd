import { parseFailure as fail, type Parsed } from '../parsed';
import { zonedInstant } from '../time';

export type { Parsed } from '../parsed';

/** LIT's zone names (and the usual abbreviations) as IANA zones; an IANA name is taken as is. */
const LIT_ZONES: Record<string, string> = {
  'eastern time': 'America/New_York',
  eastern: 'America/New_York',
  et: 'America/New_York',
  est: 'America/New_York',
  edt: 'America/New_York',
  'central time': 'America/Chicago',
  central: 'America/Chicago',
  ct: 'America/Chicago',
  cst: 'America/Chicago',
  cdt: 'America/Chicago',
  'mountain time': 'America/Denver',
  mountain: 'America/Denver',
  mt: 'America/Denver',
  mst: 'America/Denver',
  mdt: 'America/Denver',
  'arizona time': 'America/Phoenix',
  arizona: 'America/Phoenix',
  'pacific time': 'America/Los_Angeles',
  pacific: 'America/Los_Angeles',
  pt: 'America/Los_Angeles',
  pst: 'America/Los_Angeles',
  pdt: 'America/Los_Angeles',
  'alaska time': 'America/Anchorage',
  alaska: 'America/Anchorage',
  akst: 'America/Anchorage',
  akdt: 'America/Anchorage',
  'hawaii time': 'Pacific/Honolulu',
  hawaii: 'Pacific/Honolulu',
  hst: 'Pacific/Honolulu',
};

export function ianaZone(name: string): string | undefined {
  const mapped = LIT_ZONES[name.trim().toLowerCase()];
  if (mapped) return mapped;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name.trim() }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** `10:00AM`, `10:00 am`, `4:30PM`, `14:00` → hours and minutes. */
function parseClock(text: string): { hour: number; minute: number } | undefined {
  const m = /^\s*(\d{1,2}):(\d{2})\s*([AaPp][Mm])?\s*$/.exec(text);
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = Number(m[2]);
  if (minute > 59) return undefined;
  if (m[3]) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (m[3].toLowerCase() === 'pm' ? 12 : 0);
  } else if (hour > 23) {
    return undefined;
  }
  return { hour, minute };
}

/** `2026-12-01` or `12/01/2026` → year, month, day (checked against the calendar). */
function parseDate(text: string): { year: number; month: number; day: number } | undefined {
  const iso = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(text);
  const us = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  const parts = iso ? [iso[1], iso[2], iso[3]] : us ? [us[3], us[1], us[2]] : undefined;
  if (!parts) return undefined;
  const [year, month, day] = parts.map(Number);
  const check = new Date(Date.UTC(year, month - 1, day));
  return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day
    ? { year, month, day }
    : undefined;
}

/** LIT's appointment: local date + local time + zone name → an ISO instant (UTC). */
export function litAppointment(fields: {
  Date_of_Dispatch?: string | null;
  Hard_Time_of_Dispatch_Local?: string | null;
  Hard_Time_of_Dispatch_Time_Zone_Local?: string | null;
}): Parsed<string> {
  const date = parseDate(fields.Date_of_Dispatch ?? '');
  if (!date)
    return fail(`Date_of_Dispatch "${fields.Date_of_Dispatch ?? ''}" is not a date (YYYY-MM-DD or MM/DD/YYYY)`);
  const clock = parseClock(fields.Hard_Time_of_Dispatch_Local ?? '');
  if (!clock)
    return fail(
      `Hard_Time_of_Dispatch_Local "${fields.Hard_Time_of_Dispatch_Local ?? ''}" is not a time such as 10:00AM`,
    );
  const zone = ianaZone(fields.Hard_Time_of_Dispatch_Time_Zone_Local ?? '');
  if (!zone)
    return fail(
      `Hard_Time_of_Dispatch_Time_Zone_Local "${fields.Hard_Time_of_Dispatch_Time_Zone_Local ?? ''}" is not a known time zone`,
    );
  return { ok: true, value: new Date(zonedInstant({ ...date, ...clock }, zone)).toISOString() };
}

/** CTS's appointment: `Local_Site_Time__c`, despite its name an instant in UTC (offset required). */
export function ctsAppointment(localSiteTime: string | null | undefined): Parsed<string> {
  const text = (localSiteTime ?? '').trim();
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text) ||
    Number.isNaN(Date.parse(text))
  ) {
    return fail(`Local_Site_Time__c "${text}" is not an ISO instant with a UTC offset`);
  }
  return { ok: true, value: new Date(text).toISOString() };
}
