import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createPoolHealthActivities } from '../../activities/pool-health';
import { poolHealthCheck } from '../../workflows';
import { createTimeSkippingEnv } from '../helpers/time-skipping';

describe('pool health check workflow (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('reports the queues no worker serves, after the schedule-to-start window', async () => {
    const workflowBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows'),
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
    });
    const orchestration = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'orchestration',
      workflowBundle,
    });
    const bruin = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'bruin',
      activities: createPoolHealthActivities(),
    });
    const notifier = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'notifier',
      activities: createPoolHealthActivities(),
    });
    const result = await orchestration.runUntil(
      bruin.runUntil(
        notifier.runUntil(
          env.client.workflow.execute(poolHealthCheck, {
            taskQueue: 'orchestration',
            workflowId: 'pool-health-test',
            args: [['bruin', 'notifier', 'lit']],
          }),
        ),
      ),
    );
    expect(result).toEqual({ served: ['bruin', 'notifier'], unserved: ['lit'] });
  });
});
