import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createAppStoreActivities } from '../../activities/app-store/activities';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { storeRetention } from '../../workflows';
import {
  bundleWorkflows,
  createTimeSkippingEnv,
  mergeWorkflowCoverage,
  orchestrationWorker,
} from '../helpers/time-skipping';

describe('store retention workflow (time-skipping server, SQLite store)', () => {
  let env: TestWorkflowEnvironment;
  let store: SqliteAppStore;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    store = new SqliteAppStore(':memory:');
  });
  afterAll(async () => {
    await mergeWorkflowCoverage();
    await store?.close();
    await env?.teardown();
  });

  it('forgets a chunk per call; a backlog past its calls is left for the next run, which catches up', async () => {
    for (const n of [1, 2, 3, 4, 5]) await store.begin(`retention|sms:${n}|1`, 'sms');
    await store.markProcessed('tnba-feedback', ['t1']);
    const worker = await orchestrationWorker({
      connection: env.nativeConnection,
      bundle: await bundleWorkflows(),
      activities: createAppStoreActivities(store),
    });
    // A retention of 0 days: everything written before the run's start.
    const run = (workflowId: string) =>
      env.client.workflow.execute(storeRetention, {
        taskQueue: 'orchestration',
        workflowId,
        args: [{ retentionDays: 0, chunk: 2, maxChunks: 2 }],
      });
    const outcome = async (workflowId: string) =>
      (await env.client.workflow.getHandle(workflowId).describe()).typedSearchAttributes.get({
        name: 'Outcome',
        type: 'KEYWORD',
      } as never);
    await worker.runUntil(async () => {
      expect(await run('retention-1')).toMatchObject({ notifications: 4, processedKeys: 1, caughtUp: false });
      expect(await outcome('retention-1')).toBe('backlog-left');
      expect(await store.get('retention|sms:5|1')).toBeDefined();
      expect(await run('retention-2')).toMatchObject({ notifications: 1, processedKeys: 0, caughtUp: true });
      expect(await outcome('retention-2')).toBe('caught-up');
    });
    expect(await store.get('retention|sms:5|1')).toBeUndefined();
  });
});
