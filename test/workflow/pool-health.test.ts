import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createPoolHealthActivities } from '../../activities/pool-health';
import { poolHealthCheck } from '../../workflows';
import {
  bundleWorkflows,
  createTimeSkippingEnv,
  mergeWorkflowCoverage,
  orchestrationWorker,
} from '../helpers/time-skipping';

describe('pool health check workflow (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await mergeWorkflowCoverage();
    await env?.teardown();
  });

  it('reports the queues no worker serves, after the schedule-to-start window', async () => {
    const orchestration = await orchestrationWorker({
      connection: env.nativeConnection,
      bundle: await bundleWorkflows(),
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
