import { requirePolling } from '../../../cli/deploy-polling';
import { ALL_QUEUES } from '../../../domain/task-queues';
import type { DeploymentTarget } from '../../../temporal-config/deployment';
import { waitForVersion } from '../../../temporal-config/deployment';

/** A server whose deployment-version describe answers each call with the next of `answers` (an Error is thrown). */
function serverAnswering(answers: Array<string[] | Error>): DeploymentTarget & { calls: () => number } {
  let calls = 0;
  const service = {
    describeWorkerDeploymentVersion: async () => {
      const answer = answers[Math.min(calls++, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return { workerDeploymentVersionInfo: { taskQueueInfos: answer.map((name) => ({ name })) } };
    },
  };
  return { service: service as never, namespace: 'default', calls: () => calls };
}

const version = { deploymentName: 'automation-engine', buildId: 'b1' };

describe('waiting for a build to be registered on its task queues', () => {
  it('rides out a describe that times out and queues registered one by one', async () => {
    const server = serverAnswering([
      Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: 4 }),
      ['orchestration'],
      ['orchestration', 'bruin'],
    ]);
    await waitForVersion(server, version, ['bruin', 'orchestration'], { timeoutMs: 10_000 });
    expect(server.calls()).toBe(3);
  });

  it('gives up after its timeout naming the queues still missing and the last failure', async () => {
    const server = serverAnswering([Object.assign(new Error('14 UNAVAILABLE: busy'), { code: 14 })]);
    await expect(waitForVersion(server, version, ['bruin', 'orchestration'], { timeoutMs: 600 })).rejects.toThrow(
      'build b1 of automation-engine is not registered on bruin, orchestration after 0.6 s (last answer: Error: 14 UNAVAILABLE: busy)',
    );
  });
});

describe('a deploy refusing a build none of whose workers poll', () => {
  const notFound = Object.assign(new Error('5 NOT_FOUND: Worker Deployment Version not found'), { code: 5 });

  it('does not refuse on one answer without the queues when the next lists them all', async () => {
    const server = serverAnswering([notFound, [], [...ALL_QUEUES]]);
    await requirePolling(server, 'automation-engine', 'b1', 'promote', 5_000);
    expect(server.calls()).toBe(3);
  });

  it('refuses once its grace is over, naming the queues missing and the last answer', async () => {
    const server = serverAnswering([['orchestration', 'bruin'], new Error('14 UNAVAILABLE: busy')]);
    await expect(requirePolling(server, 'automation-engine', 'b1', 'promote', 600)).rejects.toThrow(
      /^refused to promote build b1: no worker of it polls orchestration, bruin, velocloud, .*, notifier \(read for 0\.6 s; last answer: Error: 14 UNAVAILABLE: busy\)\. Start its workers \(BUILD_ID=b1 npm run worker/,
    );
  });
});
