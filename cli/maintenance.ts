// `npm run maintenance -- add|list|show|extend|end ...`: maintenance windows from the command line.
import {
  explainMaintenanceError,
  MAINTENANCE_USAGE,
  parseMaintenanceArgs,
  runMaintenanceCommand,
} from './maintenance-command';
import { runCli } from './run';

runCli(
  MAINTENANCE_USAGE,
  parseMaintenanceArgs,
  async (cmd, client, config) => console.log(await runMaintenanceCommand(cmd, client, config)),
  explainMaintenanceError,
);
