// `npm run dora -- compute`: the DORA keys now, for every repo or some (see DORA_USAGE).
import { computeDoraNow, DORA_USAGE, formatDoraResult, parseDoraArgs } from './dora-command';
import { runCli } from './run';

runCli(DORA_USAGE, parseDoraArgs, async (args, client, config) => {
  console.log(formatDoraResult(await computeDoraNow(client, args, config.devops.windowDays)));
});
