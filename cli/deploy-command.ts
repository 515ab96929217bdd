import { spawnSync } from 'node:child_process';
import { hostname, userInfo } from 'node:os';
import type { Client } from '@temporalio/client';
import type { AppConfig } from '../config';
import { ALL_QUEUES } from '../domain/task-queues';
import type { ServerGate } from '../replay/server-gate';
import {
  describeDeployment,
  runningOnVersion,
  versionTaskQueues,
  type DeploymentState,
} from '../temporal-config/deployment';
import { resolveTemporalCli } from '../scripts/toolchain.cjs';
import { movePinnedRuns, type MoveDeps } from './deploy-move';
import { requirePolling } from './deploy-polling';
import { UsageError } from './usage-error';

export const DEPLOY_USAGE = `usage: npm run deploy -- status
       npm run deploy -- ramp <percent> --reason "<why>"
       npm run deploy -- promote --reason "<why>"
       npm run deploy -- rollback --reason "<why>"
       npm run deploy -- move <build> [--query '<visibility query>'] --reason "<why>"
  Moves new work between builds of the engine's worker deployment (WORKER_DEPLOYMENT_NAME), through the
  Temporal CLI's worker deployment commands. status: each version, which is current and ramping, what runs on
  it (pinned runs draining) and the task queues its workers poll. ramp and promote act on this checkout's build
  (BUILD_ID, default the git commit) and refuse it unless its workers poll every task queue and the replay gate
  (npm run replay -- --server) passes. rollback makes the previous current build current again. Each change is
  recorded on the deployment with who made it and why. move: the running runs pinned to <build> (those the query
  matches) are moved to this checkout's build, each only if its history replays on this checkout's code; a run
  that does not stays, named with the event it diverges at. See docs/operations/deploying.md.`;

export type DeployArgs =
  | { action: 'status' }
  | { action: 'ramp'; percent: number; reason: string }
  | { action: 'promote' | 'rollback'; reason: string }
  | { action: 'move'; from: string; query?: string; reason: string };

export function parseDeployArgs(argv: string[]): DeployArgs {
  const [action, ...rest] = argv;
  let reason: string | undefined;
  let query: string | undefined;
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--reason') {
      reason = rest[++i]?.trim();
      if (!reason) throw new UsageError('--reason needs a few words: why this change, for whoever reads it later');
    } else if (rest[i] === '--query' && action === 'move') {
      query = rest[++i]?.trim();
      if (!query) throw new UsageError('--query needs a visibility query, e.g. "WorkflowId = \'dispatch/cts/S-1\'"');
    } else if (rest[i].startsWith('--')) throw new UsageError(`unknown option ${rest[i]}`);
    else positional.push(rest[i]);
  }
  const needReason = () => {
    if (!reason) throw new UsageError(`${action} needs --reason "<why>": it is recorded on the deployment`);
    return reason;
  };
  const noMore = (left: string[]) => {
    if (left.length > 0) throw new UsageError(`unexpected ${left.join(' ')}`);
  };
  switch (action) {
    case 'status':
      noMore(positional);
      if (reason) throw new UsageError('status changes nothing: it takes no --reason');
      return { action };
    case 'ramp': {
      const [percent, ...left] = positional;
      noMore(left);
      const n = Number(percent);
      if (percent === undefined || !/^\d{1,3}(\.\d+)?$/.test(percent) || n <= 0 || n >= 100)
        throw new UsageError('ramp takes a percentage above 0 and below 100 (100 is promote)');
      return { action, percent: n, reason: needReason() };
    }
    case 'promote':
    case 'rollback':
      noMore(positional);
      return { action, reason: needReason() };
    case 'move': {
      const [from, ...left] = positional;
      noMore(left);
      if (!from)
        throw new UsageError('move takes the build whose pinned runs to move (npm run deploy -- status lists them)');
      if (!/^[\w.-]+$/.test(from)) throw new UsageError(`"${from}" is not a build ID (letters, digits, ".", "_", "-")`);
      return { action, from, ...(query ? { query } : {}), reason: needReason() };
    }
    default:
      throw new UsageError(`status, ramp, promote, rollback or move, not "${action ?? ''}"`);
  }
}

/** What a deploy needs besides the client and config: the replay gate and the CLI runner (both replaced in tests). */
export interface DeployDeps extends MoveDeps {
  gate: () => Promise<ServerGate>;
  temporalCli: (args: string[]) => { status: number | null; output: string };
  print: (line: string) => void;
}

/** The Temporal CLI on the engine's server, its output captured. */
export function temporalCliOn(config: AppConfig): DeployDeps['temporalCli'] {
  return (args) => {
    const cli = resolveTemporalCli();
    if (!cli) return { status: 1, output: 'Temporal CLI not provisioned: run `npm run provision`' };
    const r = spawnSync(
      cli,
      [...args, '--address', config.temporal.address, '--namespace', config.temporal.namespace],
      {
        encoding: 'utf8',
      },
    );
    return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
  };
}

const who = () => `${userInfo().username}@${hostname()}`;

export async function runDeploy(args: DeployArgs, client: Client, config: AppConfig, deps: DeployDeps): Promise<void> {
  const version = config.temporal.deployment;
  if (!version)
    throw new Error('Worker Versioning is off (WORKER_VERSIONING=false): there is no deployment to move traffic in');
  const target = { service: client.workflowService, namespace: config.temporal.namespace };
  const state = await describeDeployment(target, version.deploymentName);
  if (args.action === 'status') {
    for (const line of await statusLines(client, config, state)) deps.print(line);
    return;
  }
  if (!state) throw new Error(`no worker of deployment ${version.deploymentName} has polled this server yet`);
  const identity = `${who()} (npm run deploy -- ${args.action}${args.action === 'ramp' ? ` ${args.percent}` : args.action === 'move' ? ` ${args.from}` : ''}): ${args.reason}`;
  if (args.action === 'move') {
    const { kept } = await movePinnedRuns(client, config, { from: args.from, query: args.query, identity }, deps);
    if (kept > 0)
      throw new Error(
        `${kept} run(s) stay on ${args.from}: they do not replay on this build (above). Keep its workers running ` +
          'until they finish, or fix the code so that they replay',
      );
    return;
  }
  const cli = (...cliArgs: string[]) => {
    const r = deps.temporalCli([
      'worker',
      'deployment',
      ...cliArgs,
      '--deployment-name',
      version.deploymentName,
      '--identity',
      identity,
      '--yes',
    ]);
    if (r.status !== 0) throw new Error(`temporal worker deployment ${cliArgs[0]} failed:\n${r.output}`);
  };

  if (args.action === 'rollback') {
    const previous = previousBuild(state);
    if (!previous)
      throw new Error(`no build of ${version.deploymentName} was current before ${state.current ?? '(none)'}`);
    await requirePolling(target, version.deploymentName, previous, 'roll back to', deps.pollingGraceMs);
    cli('set-current-version', '--build-id', previous);
    deps.print(`rolled back: ${previous} takes new work again (was ${state.current}); recorded as "${identity}"`);
    return;
  }

  const { buildId } = version;
  if (state.current === buildId) throw new Error(`build ${buildId} is already current: nothing to ${args.action}`);
  await requirePolling(target, version.deploymentName, buildId, args.action, deps.pollingGraceMs);
  deps.print(`replay gate for build ${buildId} (npm run replay -- --server)...`);
  const gate = await deps.gate();
  deps.print(gate.text);
  if (!gate.ok)
    throw new Error(
      `refused: build ${buildId} does not replay what runs on the server (above). Pin the workflow, guard the change ` +
        'with patched(), or fix it; see docs/operations/deploying.md',
    );
  if (args.action === 'ramp') {
    cli('set-ramping-version', '--build-id', buildId, '--percentage', String(args.percent));
    deps.print(
      `ramping: ${args.percent}% of new work (and of auto-upgrading runs) goes to ${buildId}, the rest to ` +
        `${state.current ?? 'unversioned workers'}; recorded as "${identity}". Watch: npm run deploy -- status`,
    );
  } else {
    cli('set-current-version', '--build-id', buildId);
    deps.print(
      `promoted: ${buildId} takes new work (was ${state.current ?? 'none'}); pinned runs stay on their builds until they ` +
        `finish. Recorded as "${identity}". Undo: npm run deploy -- rollback --reason "<why>"`,
    );
  }
}

/** The build that was current before the current one (the latest to stop being current). */
export function previousBuild(state: DeploymentState): string | undefined {
  return state.versions
    .filter((v) => v.buildId !== state.current && v.lastDeactivated)
    .sort((a, b) => (b.lastDeactivated?.getTime() ?? 0) - (a.lastDeactivated?.getTime() ?? 0))[0]?.buildId;
}

async function statusLines(client: Client, config: AppConfig, state: DeploymentState | undefined): Promise<string[]> {
  const version = config.temporal.deployment!;
  const lines = [
    `deployment ${version.deploymentName} on ${config.temporal.address} (this checkout: build ${version.buildId})`,
  ];
  if (!state) return [...lines, '  no worker of it has polled this server yet'];
  lines.push(
    `  current: ${state.current ?? 'none (nothing runs until one is set)'}` +
      (state.ramping ? `   ramping: ${state.ramping.buildId} at ${state.ramping.percentage}%` : ''),
  );
  if (state.lastModifier) lines.push(`  last change by: ${state.lastModifier}`);
  const target = { service: client.workflowService, namespace: config.temporal.namespace };
  for (const v of state.versions) {
    const role = v.buildId === state.current ? 'CURRENT' : v.buildId === state.ramping?.buildId ? 'RAMPING' : v.status;
    const on = { deploymentName: version.deploymentName, buildId: v.buildId };
    const [running, pinned] = await Promise.all([
      client.workflow.count(runningOnVersion(on)),
      client.workflow.count(runningOnVersion(on, true)),
    ]);
    const queues =
      (await versionTaskQueues(target, { deploymentName: version.deploymentName, buildId: v.buildId })) ?? [];
    const missing = ALL_QUEUES.filter((q) => !queues.includes(q));
    lines.push(
      `  ${v.buildId.padEnd(20)} ${role.padEnd(9)} running ${running.count} (${pinned.count} pinned)` +
        `${v.drainage === 'drained' ? ', drained (nothing pinned to it runs)' : ''}` +
        `${missing.length ? `; not polled: ${missing.join(', ')}` : '; polls every task queue'}` +
        `${v.created ? `; first seen ${v.created.toISOString()}` : ''}`,
    );
  }
  // Runs from before Worker Versioning move to the current build like auto-upgrading ones: while any is left, the
  // pinned workflows' patch markers must stay (docs/development/patch-register.md).
  const unversioned = `TemporalWorkerDeploymentVersion IS NULL AND ExecutionStatus = 'Running'`;
  const [older, olderTimelines] = await Promise.all([
    client.workflow.count(unversioned),
    client.workflow.count(`${unversioned} AND WorkflowType = 'dispatchTimeline'`),
  ]);
  lines.push(
    `  unversioned (started before Worker Versioning): running ${older.count} (${olderTimelines.count} dispatch timelines)`,
    '  move traffic: npm run deploy -- ramp <percent> | promote | rollback --reason "<why>"   (changes are recorded)',
  );
  return lines;
}
