// `npm run schedules -- <command>`: list / pause / unpause / trigger / backfill / apply schedules.
import { ScheduleNotFoundError } from '@temporalio/client';
import { connectClient } from '../clients/temporal';
import { loadConfigOrExit } from '../config';
import { USAGE, UsageError, runScheduleCommand } from './schedule-commands';

async function main() {
  const config = loadConfigOrExit();
  const client = await connectClient(config);
  try {
    for (const line of await runScheduleCommand(client, config, process.argv.slice(2))) console.log(line);
  } finally {
    await client.connection.close();
  }
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    console.error(`${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (err instanceof ScheduleNotFoundError) {
    console.error(`no such schedule: ${err.scheduleId} (see: npm run schedules -- list)`);
    process.exit(1);
  }
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
