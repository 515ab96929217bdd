// `npm run replay -- <workflowId> | --file <history.json> | --server`: does the current workflow code still
// replay this run (or every type's recent runs on the server)? Prints ok, or the nondeterminism with the history
// event and the code location.
import { connectClient } from '../temporal-config/client';
import { createDataConverter } from '../codec/data-converter';
import { loadConfigOrExit } from '../config';
import { formatVerdict } from '../replay/verdict';
import { parseReplayArgs, replay, REPLAY_USAGE } from '../replay/run';
import { installQuietRuntime } from '../replay/quiet-runtime';
import { runServerGate } from '../replay/server-gate';
import * as workflows from '../workflows';

async function main() {
  let source;
  try {
    source = parseReplayArgs(process.argv.slice(2), Object.keys(workflows));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${REPLAY_USAGE}`);
    process.exit(2);
  }
  installQuietRuntime();
  const config = loadConfigOrExit();
  const client = 'file' in source ? undefined : await connectClient(config);
  try {
    if ('gate' in source) {
      const gate = await runServerGate(client!, config, source.gate);
      console.log(gate.text);
      process.exit(gate.ok ? 0 : gate.diverged ? 1 : 2);
    }
    const verdict = await replay(source, { client, dataConverter: createDataConverter(config.codec) });
    console.log(formatVerdict(verdict));
    process.exit(verdict.verdict === 'ok' ? 0 : verdict.verdict === 'nondeterminism' ? 1 : 2);
  } finally {
    await client?.connection.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
});
