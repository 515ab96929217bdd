import { userInfo } from 'node:os';
import type { Client } from '@temporalio/client';
import type { AppConfig } from '../config';
import { scopeKey, windowStatus, type MaintenanceWindow } from '../domain/maintenance';
import { formatInstant } from '../domain/time';
import { openAppStore } from '../store';
import { MaintenanceError, maintenanceWindows } from '../portal/maintenance';
import { UsageError } from './usage-error';

export const MAINTENANCE_USAGE = `usage: npm run maintenance -- add <scope> --start <YYYY-MM-DDTHH:mm> --end <YYYY-MM-DDTHH:mm> --zone <IANA zone> --reason "<why>" [--by <who>]
       npm run maintenance -- list
       npm run maintenance -- show <window id>
       npm run maintenance -- extend <window id> --end <YYYY-MM-DDTHH:mm> --reason "<why>" [--by <who>]
       npm run maintenance -- end <window id> --reason "<why>" [--by <who>]
  scope: enterprise:<host>/<enterpriseId>, client:<Bruin client ID> or device:<edge or probe serial>.
  While a device is in a window the outage, Hawkeye and service-affecting monitors open, reopen and note no ticket
  for it, alert nobody and reboot nothing; a device still down when the window ends is ticketed on the next cycle.
  Times are wall times in --zone (extend: in the window's zone). --by defaults to cli:<your user name>.`;

export type MaintenanceCommand =
  | { command: 'add'; scope: string; start: string; end: string; timeZone: string; reason: string; by: string }
  | { command: 'list' }
  | { command: 'show'; id: string }
  | { command: 'extend'; id: string; end: string; reason: string; by: string }
  | { command: 'end'; id: string; reason: string; by: string };

/** `--name value` pairs after the positional arguments; every flag must be one of `allowed`, given once. */
function flags(rest: string[], allowed: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const name = rest[i].replace(/^--/, '');
    if (!rest[i].startsWith('--') || !allowed.includes(name)) throw new UsageError(`unexpected ${rest[i]}`);
    if (name in out) throw new UsageError(`--${name} given twice`);
    const value = rest[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
    out[name] = value;
  }
  return out;
}

const defaultBy = () => `cli:${userInfo().username}`;

export function parseMaintenanceArgs(argv: string[]): MaintenanceCommand {
  const [command, target, ...rest] = argv;
  const need = (f: Record<string, string>, ...names: string[]) => {
    const missing = names.filter((n) => !f[n]?.trim());
    if (missing.length) throw new UsageError(`${command} needs ${missing.map((n) => `--${n}`).join(', ')}`);
  };
  switch (command) {
    case 'list':
      if (target !== undefined) throw new UsageError(`unexpected ${argv.slice(1).join(' ')}`);
      return { command };
    case 'show':
      if (!target || rest.length) throw new UsageError('show needs one window id');
      return { command, id: target };
    case 'add': {
      if (!target || target.startsWith('--')) throw new UsageError('add needs a scope');
      const f = flags(rest, ['start', 'end', 'zone', 'reason', 'by']);
      need(f, 'start', 'end', 'zone', 'reason');
      return {
        command,
        scope: target,
        start: f.start,
        end: f.end,
        timeZone: f.zone,
        reason: f.reason,
        by: f.by ?? defaultBy(),
      };
    }
    case 'extend': {
      if (!target || target.startsWith('--')) throw new UsageError('extend needs a window id');
      const f = flags(rest, ['end', 'reason', 'by']);
      need(f, 'end', 'reason');
      return { command, id: target, end: f.end, reason: f.reason, by: f.by ?? defaultBy() };
    }
    case 'end': {
      if (!target || target.startsWith('--')) throw new UsageError('end needs a window id');
      const f = flags(rest, ['reason', 'by']);
      need(f, 'reason');
      return { command, id: target, reason: f.reason, by: f.by ?? defaultBy() };
    }
    default:
      throw new UsageError(`unknown command "${command ?? ''}"`);
  }
}

/** One line per window: its id, scope, times in its own zone, who and why. */
export function windowLine(w: MaintenanceWindow, nowMs: number): string {
  const status = windowStatus(w, nowMs).replace('active', 'ACTIVE');
  return (
    `${status.padEnd(9)} ${w.id}\n          ${scopeKey(w.scope)}, ${formatInstant(w.start, w.timeZone)} to ` +
    `${formatInstant(w.end, w.timeZone)} (${w.timeZone}); set by ${w.setBy}: ${w.reason}`
  );
}

/** Runs one command; returns what to print. A refused request is a usage error (exit 2) naming the field. */
export async function runMaintenanceCommand(
  cmd: MaintenanceCommand,
  client: Client,
  config: AppConfig,
): Promise<string> {
  const store = openAppStore(config.store);
  try {
    const service = maintenanceWindows({ client, store, maxDays: config.monitors.maintenance.maxDays });
    switch (cmd.command) {
      case 'add': {
        const w = await service.set(cmd, cmd.by);
        return `set ${w.id}\n${windowLine(w, Date.now())}`;
      }
      case 'list': {
        const windows = await service.list();
        return windows.length ? windows.map((w) => windowLine(w, Date.now())).join('\n') : 'no maintenance windows';
      }
      case 'show':
        return JSON.stringify(await service.show(cmd.id), null, 2);
      case 'extend': {
        const s = await service.extend(cmd.id, cmd.end, cmd.by, cmd.reason);
        return `extended ${cmd.id}\n${windowLine(s.window, Date.now())}`;
      }
      case 'end': {
        const s = await service.end(cmd.id, cmd.by, cmd.reason);
        return `ended ${cmd.id}\n${windowLine(s.window, Date.now())}`;
      }
    }
  } catch (err) {
    if (err instanceof MaintenanceError && err.status === 422) throw new UsageError(err.message);
    throw err;
  } finally {
    await store.close();
  }
}

export const explainMaintenanceError = (err: unknown): string | undefined =>
  err instanceof MaintenanceError ? `refused (${err.status}): ${err.message}` : undefined;
