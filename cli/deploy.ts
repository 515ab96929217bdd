// `npm run deploy -- status | ramp <percent> | promote | rollback | move <build>`: moves work between builds (DEPLOY_USAGE).
import { installQuietRuntime } from '../replay/quiet-runtime';
import { runServerGate, workingTreeCode } from '../replay/server-gate';
import { DEPLOY_USAGE, parseDeployArgs, runDeploy, temporalCliOn } from './deploy-command';
import { runCli } from './run';

installQuietRuntime();
runCli(DEPLOY_USAGE, parseDeployArgs, (args, client, config) =>
  runDeploy(args, client, config, {
    gate: () => runServerGate(client, config, { sinceMs: 7 * 86_400_000, perType: 20 }),
    temporalCli: temporalCliOn(config),
    replayCode: () => workingTreeCode(config),
    print: (line) => console.log(line),
  }),
);
