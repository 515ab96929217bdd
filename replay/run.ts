import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleEngineWorkflows } from '../workers/workflow-bundle';
import { parseSince } from './gate';
import { historyFromFile } from './history-json';
import { replayVerdict, type ReplayVerdict } from './verdict';
import { isNotFound } from '../temporal-config/grpc-status';

export const REPLAY_USAGE = `usage: npm run replay -- <workflowId> [--run-id <runId>]
       npm run replay -- --file <history.json> [--workflow-id <id>]
       npm run replay -- --server [--since <7d>] [--type <workflowType>] [--query '<visibility query>'] [--per-type <20>]
                              [--workflows <module>]
  Replays a workflow's history against the current workflow code: from the server (the latest run,
  or --run-id), or from a JSON history downloaded from the Web UI (or \`temporal workflow show --output json\`).
  --server is the replay gate a deploy runs first: running and recently closed runs of every type (--since,
  in m, h or d), at most --per-type of each, one line per type. A run pinned to another build is counted, not
  replayed: it finishes on that build (docs/operations/deploying.md). --workflows replays against another workflows
  module than workflows/ (a candidate build's, say).
  Exit code: 0 ok, 1 nondeterminism, 2 usage or replay error.`;

export interface GateSource {
  gate: { sinceMs: number; type?: string; query?: string; perType: number; workflows?: string };
}
export type ReplaySource = { workflowId: string; runId?: string } | { file: string; workflowId?: string } | GateSource;

export function parseReplayArgs(argv: string[], types: readonly string[] = []): ReplaySource {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  let server = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--server') server = true;
    else if (argv[i].startsWith('--')) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new Error(`${argv[i]} needs a value`);
      flags.set(argv[i], value);
      i++;
    } else {
      positional.push(argv[i]);
    }
  }
  if (server) return gateArgs(flags, positional, types);
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

function gateArgs(flags: Map<string, string>, positional: string[], types: readonly string[]): GateSource {
  const unknown = [...flags.keys()].filter(
    (f) => !['--since', '--type', '--query', '--per-type', '--workflows'].includes(f),
  );
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(', ')} with --server`);
  if (positional.length > 0) throw new Error('--server takes no workflow ID (use --query to narrow it)');
  const sinceMs = parseSince(flags.get('--since') ?? '7d');
  if (sinceMs === undefined) throw new Error('--since takes a number of minutes, hours or days: 30m, 12h, 7d');
  const type = flags.get('--type');
  if (type !== undefined && !types.includes(type))
    throw new Error(`--type: no workflow type "${type}"; the engine's types: ${types.join(', ')}`);
  const perType = Number(flags.get('--per-type') ?? '20');
  if (!Number.isInteger(perType) || perType < 1 || perType > 1000) throw new Error('--per-type takes 1 to 1000');
  const workflows = flags.get('--workflows');
  if (workflows !== undefined && !existsSync(workflows)) throw new Error(`--workflows: no such file ${workflows}`);
  return { gate: { sinceMs, type, query: flags.get('--query'), perType, workflows } };
}

/**
 * This working tree's workflows (or the module at `path`) as one bundle, and where their sources are (to point at
 * a diverging line).
 */
export async function bundleWorkingTree(path?: string): Promise<{
  workflowBundle: WorkflowBundleWithSourceMap;
  workflowsDir: string;
}> {
  const logger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  // The tree's own workflows as the workers bundle them; another module (a fixture, an older build) as it is.
  if (!path)
    return { workflowBundle: await bundleEngineWorkflows(logger), workflowsDir: join(__dirname, '../workflows') };
  const workflowsPath = resolve(path);
  const workflowBundle = await bundleWorkflowCode({ workflowsPath, logger });
  return { workflowBundle, workflowsDir: dirname(workflowsPath) };
}

/** Loads the history (server or file) and replays it against `workflows/`. */
export async function replay(
  source: Exclude<ReplaySource, GateSource>,
  deps: { client?: Client; dataConverter?: object },
): Promise<ReplayVerdict> {
  let history;
  let workflowId: string;
  if ('file' in source) {
    if (!existsSync(source.file)) throw new Error(`no such file: ${source.file}`);
    history = historyFromFile(JSON.parse(readFileSync(source.file, 'utf8')) as unknown);
    workflowId = source.workflowId ?? source.file;
  } else {
    if (!deps.client) throw new Error('replaying from the server needs a client');
    const { client } = deps;
    history = await client.workflow
      .getHandle(source.workflowId, source.runId)
      .fetchHistory()
      .catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
        const run = source.runId ? ` run ${source.runId}` : '';
        throw new Error(
          `no workflow ${source.workflowId}${run} in namespace ${client.options.namespace}: check the ID ` +
            '(npm run temporal -- workflow list), or it closed longer ago than the namespace keeps history',
        );
      });
    workflowId = source.workflowId;
  }
  return replayVerdict(history, { workflowId, ...(await bundleWorkingTree()), dataConverter: deps.dataConverter });
}
