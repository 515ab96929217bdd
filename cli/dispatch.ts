// `npm run dispatch -- show|cancel <vendor> <dispatchNumber>`: look at or cancel one dispatch's timeline.
import { DISPATCH_USAGE, parseDispatchArgs, runDispatchCommand } from './dispatch-command';
import { runCli } from './run';

runCli(DISPATCH_USAGE, parseDispatchArgs, async (cmd, client) => console.log(await runDispatchCommand(client, cmd)));
