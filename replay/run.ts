import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { historyFromFile } from './history-json';
import { replayVerdict, type ReplayVerdict } from './verdict';

export const REPLAY_USAGE = `usage: npm run replay -- <workflowId> [--run-id <runId>]
       npm run replay -- --file <history.json> [--workflow-id <id>]
  Replays a workflow's history against the current workflow code: from the server (the latest run,
  or --run-id), or from a JSON history downloaded from the Web UI (or \`temporal workflow show --output json\`).
  Exit code: 0 ok, 1 nondeterminism, 2 usage or replay error.`;

export type ReplaySource = { workflowId: string; runId?: string } | { file: string; workflowId?: string };

export function parseReplayArgs(argv: string[]): ReplaySource {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new Error(`${argv[i]} needs a value`);
      flags.set(argv[i], value);
      i++;
    } else {
      positional.push(argv[i]);
    }
  }
  const unknown = [...flags.keys()].filter((f) => !['--run-id', '--file', '--workflow-id'].includes(f));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(', ')}`);
  const file = flags.get('--file');
  if (file) {
    if (positional.length > 0 || flags.has('--run-id'))
      throw new Error('--file takes no workflow ID argument or --run-id (use --workflow-id to name it)');
    return { file, workflowId: flags.get('--workflow-id') };
  }
  if (positional.length !== 1) throw new Error('give one workflow ID, or --file');
  return { workflowId: positional[0], runId: flags.get('--run-id') };
}

/** Loads the history (server or file) and replays it against `workflows/`. */
export async function replay(
  source: ReplaySource,
  deps: { client?: Client; dataConverter?: object },
): Promise<ReplayVerdict> {
  let history;
  let workflowId: string;
  if ('file' in source) {
    history = historyFromFile(JSON.parse(readFileSync(source.file, 'utf8')) as unknown);
    workflowId = source.workflowId ?? source.file;
  } else {
    if (!deps.client) throw new Error('replaying from the server needs a client');
    history = await deps.client.workflow.getHandle(source.workflowId, source.runId).fetchHistory();
    workflowId = source.workflowId;
  }
  const workflowsPath = require.resolve('../workflows');
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
  return replayVerdict(history, {
    workflowId,
    workflowBundle,
    workflowsDir: dirname(workflowsPath),
    dataConverter: deps.dataConverter,
  });
}
