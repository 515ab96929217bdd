// `npm run schedules -- <command>`: list / pause / unpause / trigger / backfill / apply schedules.
import { ScheduleNotFoundError } from '@temporalio/client';
import { runCli } from './run';
import { USAGE, runScheduleCommand } from './schedule-commands';

runCli(
  USAGE,
  (argv) => argv,
  async (argv, client, config) => {
    for (const line of await runScheduleCommand(client, config, argv)) console.log(line);
  },
  (err) =>
    err instanceof ScheduleNotFoundError
      ? `no such schedule: ${err.scheduleId} (see: npm run schedules -- list)`
      : undefined,
);
