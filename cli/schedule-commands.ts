import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { AppConfig } from '../config';
import { applySchedules } from '../schedules/apply';
import { UsageError } from './usage-error';
import { scheduleDefinitions } from '../schedules/definitions';

export const USAGE = `usage: npm run schedules -- <command>
  apply                                   create or update every schedule defined in schedules/
  list                                    every schedule with its state, next run and last result
  pause <id> --note "<why>"               pause a schedule (the note is required: ops read it in the UI)
  unpause <id> [--note "<why>"]           resume a paused schedule
  trigger <id>                            run a schedule's workflow now
  backfill <id> --from <ISO> --to <ISO>   run the runs a schedule would have run in that window`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
  return value;
}

function instant(args: string[], name: string): Date {
  const value = flag(args, name);
  if (!value) throw new UsageError(`--${name} <ISO time> is required`);
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`--${name}: "${value}" is not an ISO time such as 2026-11-23T10:00:00Z`);
  return date;
}

function scheduleId(args: string[]): string {
  const id = args[1];
  if (!id || id.startsWith('--')) throw new UsageError(`${args[0]} needs a schedule id`);
  return id;
}

/** Runs one schedules CLI command; returns the lines to print. */
export async function runScheduleCommand(client: Client, config: AppConfig, args: string[]): Promise<string[]> {
  switch (args[0]) {
    case 'apply':
      return (await applySchedules(client, scheduleDefinitions(config))).map((o) => `${o.action.padEnd(8)} ${o.id}`);
    case 'list': {
      const lines: string[] = [];
      for await (const s of client.schedule.list()) {
        const handle = client.schedule.getHandle(s.scheduleId);
        const d = await handle.describe();
        const last = d.info.recentActions.at(-1);
        lines.push(
          [
            s.scheduleId.padEnd(24),
            d.state.paused ? 'PAUSED ' : 'active ',
            `next ${d.info.nextActionTimes[0]?.toISOString() ?? '-'}`,
            `last ${last ? `${last.takenAt.toISOString()} ${last.action.workflow.workflowId}` : '-'}`,
            d.state.note ? `note: ${d.state.note}` : '',
          ]
            .join('  ')
            .trimEnd(),
        );
      }
      return lines.length ? lines : ['no schedules (run: npm run schedules:apply)'];
    }
    case 'pause': {
      const id = scheduleId(args);
      const note = flag(args, 'note');
      if (!note) throw new UsageError('pause needs --note "<why>" so ops know why it stopped');
      await client.schedule.getHandle(id).pause(note);
      return [`paused ${id}: ${note}`];
    }
    case 'unpause': {
      const id = scheduleId(args);
      await client.schedule.getHandle(id).unpause(flag(args, 'note') ?? 'unpaused from the schedules CLI');
      return [`unpaused ${id}`];
    }
    case 'trigger': {
      const id = scheduleId(args);
      await client.schedule.getHandle(id).trigger(ScheduleOverlapPolicy.ALLOW_ALL);
      return [`triggered ${id}`];
    }
    case 'backfill': {
      const id = scheduleId(args);
      const start = instant(args, 'from');
      const end = instant(args, 'to');
      if (end <= start) throw new UsageError('--to must be after --from');
      await client.schedule.getHandle(id).backfill({ start, end, overlap: ScheduleOverlapPolicy.ALLOW_ALL });
      return [`backfilled ${id} from ${start.toISOString()} to ${end.toISOString()}`];
    }
    default:
      throw new UsageError(args[0] ? `unknown command "${args[0]}"` : 'no command given');
  }
}
