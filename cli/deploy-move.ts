import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { AppConfig } from '../config';
import { replayEach, type GateCode, type GateRun, type RunReplay } from '../replay/gate';
import { describeDeployment, runningOnVersion } from '../temporal-config/deployment';
import { requirePolling } from './deploy-polling';

type History = temporal.api.history.v1.IHistory;

export interface MoveDeps {
  /** This checkout's workflow code, as its workers bundle it, with the engine's data converter. */
  replayCode: () => Promise<GateCode>;
  print: (line: string) => void;
  /** How long a build's queues may be missing before it is refused (POLLING_GRACE_MS); shorter in unit tests. */
  pollingGraceMs?: number;
}

const { PINNED_OVERRIDE_BEHAVIOR_PINNED } = temporal.api.workflow.v1.VersioningOverride.PinnedOverrideBehavior;
const { EVENT_TYPE_WORKFLOW_TASK_COMPLETED } = temporal.api.enums.v1.EventType;

/** Workflow tasks a history says were completed: a worker ran the workflow's code that many times. */
const tasksCompleted = (history: History) =>
  (history.events ?? []).filter((e) => e.eventType === EVENT_TYPE_WORKFLOW_TASK_COMPLETED).length;

/**
 * Moves the running runs pinned to build `from` to this checkout's build, each only if its history replays on this
 * checkout's code: how a fix reaches timelines already asleep, or how runs whose build can no longer run are taken
 * over. A run that diverges stays where it is, named with the event. A run whose old build completed a workflow task
 * after the replay (its workers were still running) is replayed again, and moved back if that fails.
 */
export async function movePinnedRuns(
  client: Client,
  config: AppConfig,
  { from, query, identity }: { from: string; query?: string; identity: string },
  deps: MoveDeps,
): Promise<{ moved: number; kept: number }> {
  const { deploymentName, buildId: to } = config.temporal.deployment!;
  if (from === to) throw new Error(`build ${to} is this checkout's: its runs are where they would be moved`);
  const target = { service: client.workflowService, namespace: config.temporal.namespace };
  await requirePolling(target, deploymentName, to, 'move runs to', deps.pollingGraceMs);
  const pinTo = (run: GateRun, buildId: string) =>
    client.workflowService.updateWorkflowExecutionOptions({
      namespace: config.temporal.namespace,
      workflowExecution: { workflowId: run.workflowId, runId: run.runId },
      workflowExecutionOptions: {
        versioningOverride: {
          pinned: { behavior: PINNED_OVERRIDE_BEHAVIOR_PINNED, version: { deploymentName, buildId } },
        },
      },
      updateMask: { paths: ['versioning_override'] },
      identity,
    });
  const history = (run: Pick<GateRun, 'workflowId' | 'runId'>) =>
    client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
  const visibility = runningOnVersion({ deploymentName, buildId: from }, true) + (query ? ` AND (${query})` : '');
  async function* pinnedRuns(): AsyncGenerator<GateRun> {
    for await (const info of client.workflow.list({ query: visibility }))
      yield {
        workflowId: info.workflowId,
        runId: info.runId,
        type: info.type,
        running: true,
        history: () => history(info),
      };
  }
  const why = (r: RunReplay) =>
    r.outcome === 'diverged'
      ? `diverges at event ${r.mismatch.event?.id ?? '?'} ${r.mismatch.event?.type ?? ''}${r.mismatch.event?.name ? ` ${r.mismatch.event.name}` : ''}: ${r.mismatch.mismatch}`
      : r.outcome === 'error'
        ? r.reason
        : '';

  deps.print(`moving the runs pinned to ${from} to ${to} (this checkout), each once it replays here`);
  const code = await deps.replayCode();
  let moved = 0;
  let kept = 0;
  for await (const r of replayEach(pinnedRuns(), code)) {
    const name = `${r.run.type} ${r.run.workflowId}`;
    if (r.outcome !== 'replayed') {
      kept++;
      deps.print(`  kept on ${from}: ${name}: ${why(r)}`);
      continue;
    }
    await pinTo(r.run, to);
    // Its old build's workers may have run it between the replay and the move: what they did must replay here too.
    const now = await history(r.run);
    if (tasksCompleted(now) > tasksCompleted(r.history!)) {
      let again: RunReplay | undefined;
      for await (const verdict of replayEach(toRuns([{ ...r.run, history: async () => now }]), code)) again = verdict;
      if (!again || again.outcome !== 'replayed') {
        await pinTo(r.run, from);
        kept++;
        deps.print(
          `  kept on ${from}: ${name}: ran on ${from} meanwhile and ${again ? why(again) : 'could not be replayed'}`,
        );
        continue;
      }
    }
    moved++;
    deps.print(`  moved to ${to}: ${name}`);
  }
  deps.print(
    moved + kept === 0
      ? `nothing to move: no running run is pinned to ${from}${query ? ` and matches the query` : ''}`
      : `moved ${moved} of ${moved + kept} run(s) to ${to}; ${kept} stay on ${from}. Recorded as "${identity}"`,
  );
  return { moved, kept };
}

async function* toRuns(runs: GateRun[]): AsyncGenerator<GateRun> {
  yield* runs;
}

/** The builds other than this one that still hold running pinned runs, with how many: what `move` would take. */
export async function runsPinnedElsewhere(
  client: Client,
  config: AppConfig,
): Promise<Array<{ buildId: string; pinned: number }>> {
  const version = config.temporal.deployment;
  if (!version) return [];
  const target = { service: client.workflowService, namespace: config.temporal.namespace };
  const state = await describeDeployment(target, version.deploymentName);
  const elsewhere = [];
  for (const { buildId } of state?.versions ?? []) {
    if (buildId === version.buildId) continue;
    const { count } = await client.workflow.count(
      runningOnVersion({ deploymentName: version.deploymentName, buildId }, true),
    );
    if (count > 0) elsewhere.push({ buildId, pinned: count });
  }
  return elsewhere;
}
