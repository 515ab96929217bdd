/**
 * Maintenance windows (LibreNMS's scheduled maintenance, Alertmanager's silences): while a device is in a window the
 * monitors open, reopen and note no ticket for it, alert nobody and reboot nothing; they count it `in-maintenance`.
 * A window covers an enterprise (`host/enterpriseId`), a Bruin client or one device (edge serial or probe serial), from
 * its start to its end. Pure: the request rules the CLI and the portal share, and the lookup the monitors make.
 */
import { isTimeZone, zonedInstant } from './time';

export type MaintenanceScope =
  | { kind: 'enterprise'; host: string; enterpriseId: number }
  | { kind: 'client'; clientId: string }
  | { kind: 'device'; serialNumber: string };

export interface MaintenanceWindow {
  id: string;
  scope: MaintenanceScope;
  /** Instants (ISO, UTC). */
  start: string;
  end: string;
  /** The zone the start and end were given in (IANA), for showing them as they were meant. */
  timeZone: string;
  reason: string;
  /** Who set it (the portal user or the CLI's operator). */
  setBy: string;
}

/** A window as a person asks for it: local wall times in a zone. */
export interface MaintenanceRequest {
  /** `enterprise:<host>/<enterpriseId>`, `client:<clientId>` or `device:<serial>`. */
  scope: string;
  /** `YYYY-MM-DDTHH:mm`, wall time in `timeZone`. */
  start: string;
  end: string;
  timeZone: string;
  reason: string;
}

export interface FieldProblem {
  field: keyof MaintenanceRequest | 'setBy';
  reason: string;
}

/** The wall-time form a request's start and end take. */
export const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const SCOPE = /^(?:enterprise:([^/\s]+)\/(\d{1,9})|client:(\d{1,12})|device:([A-Za-z0-9-]{4,64}))$/;
export const REASON_MAX = 500;

export function parseScope(text: string): MaintenanceScope | undefined {
  const m = SCOPE.exec(text.trim());
  if (!m) return undefined;
  if (m[1]) return { kind: 'enterprise', host: m[1], enterpriseId: Number(m[2]) };
  if (m[3]) return { kind: 'client', clientId: m[3] };
  return { kind: 'device', serialNumber: m[4] };
}

export function scopeKey(scope: MaintenanceScope): string {
  switch (scope.kind) {
    case 'enterprise':
      return `enterprise:${scope.host}/${scope.enterpriseId}`;
    case 'client':
      return `client:${scope.clientId}`;
    case 'device':
      return `device:${scope.serialNumber}`;
  }
}

/** A wall time (`YYYY-MM-DDTHH:mm`) in a zone as an instant (epoch ms), or undefined when it is not one. */
export function wallInstant(text: string, zone: string): number | undefined {
  const m = WALL_TIME.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute] = m.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
  // A day past the month's end (2026-02-30) would roll over: refused.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  return zonedInstant({ year, month, day, hour, minute }, zone);
}

/**
 * A request checked field by field: every problem at once (the portal answers 400 and the CLI exits 2 with them), or
 * the window's scope and instants. An end before its start, a window longer than `maxDays` and an end already past
 * are refused; a start in the past is allowed (a window for work already under way).
 */
export function checkMaintenanceRequest(
  req: Partial<Record<keyof MaintenanceRequest, unknown>>,
  rules: { maxDays: number; nowMs: number },
): { scope: MaintenanceScope; startMs: number; endMs: number } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const text = (field: keyof MaintenanceRequest) => (typeof req[field] === 'string' ? (req[field] as string) : '');
  const scope = parseScope(text('scope'));
  if (!scope)
    problems.push({
      field: 'scope',
      reason: 'must be enterprise:<host>/<enterpriseId>, client:<clientId> or device:<serial>',
    });
  const zone = text('timeZone');
  const zoneOk = zone !== '' && isTimeZone(zone) && zone.includes('/');
  if (!zoneOk) problems.push({ field: 'timeZone', reason: 'must be an IANA time zone, e.g. America/New_York' });
  const startMs = zoneOk ? wallInstant(text('start'), zone) : undefined;
  const endMs = zoneOk ? wallInstant(text('end'), zone) : undefined;
  if (zoneOk && startMs === undefined)
    problems.push({ field: 'start', reason: 'must be a date and time, YYYY-MM-DDTHH:mm' });
  if (zoneOk && endMs === undefined)
    problems.push({ field: 'end', reason: 'must be a date and time, YYYY-MM-DDTHH:mm' });
  if (startMs !== undefined && endMs !== undefined) {
    if (endMs <= startMs) problems.push({ field: 'end', reason: 'must be after the start' });
    else if (endMs - startMs > rules.maxDays * 86_400_000)
      problems.push({
        field: 'end',
        reason: `the window may last at most ${rules.maxDays} days (MAINTENANCE_MAX_DAYS)`,
      });
    else if (endMs <= rules.nowMs) problems.push({ field: 'end', reason: 'is already past' });
  }
  const reason = text('reason').trim();
  if (!reason) problems.push({ field: 'reason', reason: 'say why (the NOC reads it)' });
  else if (reason.length > REASON_MAX) problems.push({ field: 'reason', reason: `at most ${REASON_MAX} characters` });
  if (problems.length > 0 || !scope || startMs === undefined || endMs === undefined) return { problems };
  return { scope, startMs, endMs };
}

export type MaintenanceStatus = 'scheduled' | 'active' | 'ended';

/** Where a window stands at an instant: before its start, between start and end, or past its end. */
export function windowStatus(w: { start: string; end: string }, nowMs: number): MaintenanceStatus {
  if (nowMs < Date.parse(w.start)) return 'scheduled';
  return nowMs < Date.parse(w.end) ? 'active' : 'ended';
}

/** The device a monitor looks at, as a window may name it. */
export interface MonitoredDevice {
  serialNumber: string;
  clientId: string;
  /** VeloCloud edges only. */
  host?: string;
  enterpriseId?: number;
}

/** The scope keys that would cover a device, for a lookup by key. */
export function scopesOf(device: MonitoredDevice): string[] {
  return [
    `device:${device.serialNumber}`,
    `client:${device.clientId}`,
    ...(device.host !== undefined && device.enterpriseId !== undefined
      ? [`enterprise:${device.host}/${device.enterpriseId}`]
      : []),
  ];
}

/** The windows open at an instant, by scope key: what a monitor batch reads once and looks each device up in. */
export type OpenWindows = ReadonlyMap<string, MaintenanceWindow>;

export function openWindowsAt(windows: readonly MaintenanceWindow[], atMs: number): Map<string, MaintenanceWindow> {
  const open = new Map<string, MaintenanceWindow>();
  for (const w of windows) if (windowStatus(w, atMs) === 'active') open.set(scopeKey(w.scope), w);
  return open;
}

/** The window a device is in, if any. */
export function windowCovering(open: OpenWindows, device: MonitoredDevice): MaintenanceWindow | undefined {
  for (const key of scopesOf(device)) {
    const w = open.get(key);
    if (w) return w;
  }
  return undefined;
}
