import { createDevopsActivities } from '../../activities/devops/activities';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { doraMetrics } from '../../workflows';
import { orchestrationWorker, useWorkflowTestEnv } from '../helpers/time-skipping';

const HOUR = 3_600_000;

describe('doraMetrics workflow (time-skipping server, real app-store activities)', () => {
  const ctx = useWorkflowTestEnv();

  /** A store with six repos' worth of events, relative to the server's clock. */
  async function fleet(store: SqliteAppStore) {
    const now = await ctx.env.currentTimeMs();
    const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR).toISOString();
    for (let i = 0; i < 6; i++) {
      const repo = `repo-${i}`;
      await store.devops.recordDevopsEvent({ time: at(50), repo, event: 'push', metadata: { commit: `c0ffee${i}` } });
      await store.devops.recordDevopsEvent({
        time: at(40 - i),
        repo,
        event: 'deploy',
        metadata: { commit: `c0ffee${i}` },
      });
    }
    await store.devops.recordDevopsEvent({ time: at(24 * 45), repo: 'stale', event: 'deploy' });
    return now;
  }

  it('computes every repo with events in the window as of the run start, in batches, and stores each once', async () => {
    const store = new SqliteAppStore(':memory:');
    await fleet(store);
    const real = createDevopsActivities(store.devops);
    let failedOnce = false;
    const worker = await orchestrationWorker({
      connection: ctx.env.nativeConnection,
      bundle: ctx.bundle,
      activities: {
        ...real,
        // The first attempt for repo-3 dies after saving: the retry saves the same computation again.
        async computeAndStoreDoraKeys(input: Parameters<typeof real.computeAndStoreDoraKeys>[0]) {
          const summary = await real.computeAndStoreDoraKeys(input);
          if (input.repo === 'repo-3' && !failedOnce) {
            failedOnce = true;
            throw new Error('worker lost after the save');
          }
          return summary;
        },
      },
    });
    const result = await worker.runUntil(
      ctx.env.client.workflow.execute(doraMetrics, {
        taskQueue: 'orchestration',
        workflowId: 'dora-test-all',
        args: [{ windowDays: 30 }],
      }),
    );
    expect(result.windowDays).toBe(30);
    expect(result.repos.map((r) => r.repo)).toEqual(['repo-0', 'repo-1', 'repo-2', 'repo-3', 'repo-4', 'repo-5']);
    expect(result.repos[2]).toMatchObject({ deploysPerDay: 1 / 30, leadTimeHours: 12, levels: { leadTime: 'elite' } });
    const stored = await store.devops.latestDoraResults();
    expect(stored.map((r) => [r.keys.repo, r.computedAt])).toEqual(result.repos.map((r) => [r.repo, result.asOf]));
    expect(failedOnce).toBe(true);
    // The retried save wrote the seed's calc_deployment_freq event for repo-3 once, not twice.
    const db = (store as unknown as { db: { prepare(sql: string): { get(): { n: number } } } }).db;
    const calc = "SELECT count(*) AS n FROM devops_events WHERE event = 'calc_deployment_freq' AND repo = 'repo-3'";
    expect(db.prepare(calc).get().n).toBe(1);
    await store.close();
  });

  it('computes only the repos asked for, over the window asked for', async () => {
    const store = new SqliteAppStore(':memory:');
    await fleet(store);
    const worker = await orchestrationWorker({
      connection: ctx.env.nativeConnection,
      bundle: ctx.bundle,
      activities: createDevopsActivities(store.devops),
    });
    const result = await worker.runUntil(
      ctx.env.client.workflow.execute(doraMetrics, {
        taskQueue: 'orchestration',
        workflowId: 'dora-test-some',
        args: [{ windowDays: 60, repos: ['stale'] }],
      }),
    );
    expect(result.repos).toEqual([
      expect.objectContaining({ repo: 'stale', deploysPerDay: 1 / 60, leadTimeHours: null }),
    ]);
    expect((await store.devops.latestDoraResults()).map((r) => r.keys.windowDays)).toEqual([60]);
    await store.close();
  });
});
