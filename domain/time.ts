// Instants as people read them, in the time zone they live in (notes, SMS, details in the UI).

/**
 * One formatter per zone and layout, made once: building an `Intl.DateTimeFormat` costs far more than using
 * it, and a dispatch timeline formats its appointment on every step it replays (8 % of the workflow
 * thread's time in a profile of bench:dispatch-timelines). A pure cache, so it is safe in workflow code.
 */
function formatter(
  cache: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  let f = cache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { ...options, timeZone });
    cache.set(timeZone, f);
  }
  return f;
}
const readable = new Map<string, Intl.DateTimeFormat>();
const numeric = new Map<string, Intl.DateTimeFormat>();

/** `2026-11-23 15:04:05 EST` in the given IANA time zone. */
export function formatInstant(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    formatter(readable, timeZone, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName}`;
}

/**
 * A calendar date as YYYY-MM-DD: months of their length, February 29 only in leap years (so no
 * 2026-02-30, which Date would read as March 2). ASCII classes, for any client's regex engine.
 */
export const CALENDAR_DATE = new RegExp(
  '^(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))' +
    '|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$',
);

export const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** Minutes the zone is ahead of UTC at an instant. */
function offsetMinutes(epochMs: number, zone: string): number {
  const p = Object.fromEntries(
    formatter(numeric, zone, {
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(epochMs)
      .map((x) => [x.type, Number(x.value)]),
  );
  return Math.round(
    (Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(epochMs / 1000) * 1000) / 60_000,
  );
}

/**
 * The instant of a wall-clock time in a zone. Across DST: a time that does not exist (spring
 * forward) is moved forward by the gap (2:30 → 3:30); a time that occurs twice (fall back) is the
 * first occurrence.
 */
export function zonedInstant(
  wall: { year: number; month: number; day: number; hour: number; minute: number },
  zone: string,
): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const candidates = [
    ...new Set(
      [asUtc - 12 * 3_600_000, asUtc + 12 * 3_600_000].map((probe) => asUtc - offsetMinutes(probe, zone) * 60_000),
    ),
  ].sort((a, b) => a - b);
  const exact = candidates.filter((t) => t + offsetMinutes(t, zone) * 60_000 === asUtc);
  // No exact match: the gap of a spring-forward; the pre-transition offset lands just after it.
  return exact[0] ?? candidates[candidates.length - 1];
}
