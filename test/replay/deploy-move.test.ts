import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { movePinnedRuns } from '../../cli/deploy-move';
import { bundleWorkingTree } from '../../replay/run';
import { ALL_QUEUES } from '../../domain/task-queues';
import { testConfig } from '../helpers/env';
import { readHistory } from './history-file';

type History = temporal.api.history.v1.IHistory;
const { EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, EVENT_TYPE_WORKFLOW_TASK_STARTED } = temporal.api.enums.v1.EventType;
const golden = (name: string) => readHistory(join(__dirname, 'histories', `${name}.json`));

/** The server as move sees it: the runs pinned to the old build, their histories, and the overrides it records. */
function fakeServer(runs: Array<{ workflowId: string; histories: History[] }>) {
  const reads = new Map(runs.map((r) => [r.workflowId, 0]));
  const overrides: Array<{ workflowId: string; buildId: string; identity: string }> = [];
  const client = {
    workflow: {
      async *list() {
        for (const r of runs)
          yield { workflowId: r.workflowId, runId: `${r.workflowId}-run`, type: 'dispatchTimeline' };
      },
      getHandle: (workflowId: string) => ({
        fetchHistory: async () => {
          const run = runs.find((r) => r.workflowId === workflowId)!;
          const n = reads.get(workflowId)!;
          reads.set(workflowId, n + 1);
          return run.histories[Math.min(n, run.histories.length - 1)];
        },
      }),
    },
    workflowService: {
      describeWorkerDeploymentVersion: async () => ({
        workerDeploymentVersionInfo: { taskQueueInfos: ALL_QUEUES.map((name) => ({ name })) },
      }),
      updateWorkflowExecutionOptions: async (req: {
        workflowExecution: { workflowId: string };
        workflowExecutionOptions: { versioningOverride: { pinned: { version: { buildId: string } } } };
        identity: string;
      }) => {
        overrides.push({
          workflowId: req.workflowExecution.workflowId,
          buildId: req.workflowExecutionOptions.versioningOverride.pinned.version.buildId,
          identity: req.identity,
        });
        return {};
      },
    },
  };
  return { client: client as unknown as Client, overrides };
}

describe('npm run deploy -- move (this tree as the new build, fake server)', () => {
  const config = testConfig({ BUILD_ID: 'build-new' });
  const timeline = golden('dispatch-cancelled');
  // The timeline's first task as it was when move replayed it, and what its old build did next: the first SMS a
  // different activity, which this tree does not replay.
  const firstTask = { events: timeline.events!.filter((e) => Number(e.eventId) <= 3) };
  expect(firstTask.events.at(-1)?.eventType).toBe(EVENT_TYPE_WORKFLOW_TASK_STARTED);
  const divergedLater = {
    events: timeline.events!.map((e) =>
      e.eventType === EVENT_TYPE_ACTIVITY_TASK_SCHEDULED &&
      e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendSms'
        ? {
            ...e,
            activityTaskScheduledEventAttributes: {
              ...e.activityTaskScheduledEventAttributes,
              activityType: { name: 'sendEmail' },
            },
          }
        : e,
    ),
  };

  it('moves a run that replays; one the old build advanced meanwhile into a divergence goes back to its build', async () => {
    const { client, overrides } = fakeServer([
      { workflowId: 'dispatch/cts/S-1', histories: [timeline] },
      { workflowId: 'dispatch/cts/S-2', histories: [firstTask, divergedLater] },
    ]);
    const printed: string[] = [];
    const result = await movePinnedRuns(
      client,
      config,
      { from: 'build-old', identity: 'ops (npm run deploy -- move build-old): fix' },
      { replayCode: () => bundleWorkingTree(), print: (l) => printed.push(l) },
    );
    expect(result).toEqual({ moved: 1, kept: 1 });
    expect(overrides.map((o) => [o.workflowId, o.buildId])).toEqual([
      ['dispatch/cts/S-1', 'build-new'],
      ['dispatch/cts/S-2', 'build-new'],
      ['dispatch/cts/S-2', 'build-old'],
    ]);
    expect(overrides.every((o) => o.identity === 'ops (npm run deploy -- move build-old): fix')).toBe(true);
    expect(printed).toContain('  moved to build-new: dispatchTimeline dispatch/cts/S-1');
    expect(printed.find((l) => l.includes('S-2'))).toMatch(
      /^ {2}kept on build-old: dispatchTimeline dispatch\/cts\/S-2: ran on build-old meanwhile and diverges at event \d+ ActivityTaskScheduled sendEmail: /,
    );
    expect(printed.at(-1)).toBe(
      'moved 1 of 2 run(s) to build-new; 1 stay on build-old. Recorded as "ops (npm run deploy -- move build-old): fix"',
    );
  }, 60_000);

  it('refuses to move runs to its own build, and to a build some task queue has no worker of', async () => {
    const { client } = fakeServer([]);
    const deps = { replayCode: () => bundleWorkingTree(), print: () => undefined, pollingGraceMs: 300 };
    await expect(movePinnedRuns(client, config, { from: 'build-new', identity: 'x' }, deps)).rejects.toThrow(
      /build build-new is this checkout's/,
    );
    (
      client.workflowService as unknown as { describeWorkerDeploymentVersion: () => Promise<unknown> }
    ).describeWorkerDeploymentVersion = async () => ({
      workerDeploymentVersionInfo: { taskQueueInfos: [{ name: 'orchestration' }] },
    });
    await expect(movePinnedRuns(client, config, { from: 'build-old', identity: 'x' }, deps)).rejects.toThrow(
      /refused to move runs to build build-new: no worker of it polls \w[^(]*\(read for 0\.3 s\)/,
    );
  });
});
