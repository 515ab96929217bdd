import { temporal } from '@temporalio/proto';
import { createAppStoreActivities } from '../../activities/app-store/activities';
import { createFleetActivities } from '../../activities/app-store/fleet';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { sitesMonitor } from '../../workflows';
import { FakeVelocloud, recordingNotifier, type FakeEdge } from '../helpers/fake-vendors';
import { useWorkflowTestEnv, withWorkers } from '../helpers/time-skipping';

const HOST = 'mettel.velocloud.net';

/** `edges` edges up, `perEnterprise` to an enterprise, in the customer cache; their batches keep counts in `store`. */
async function cachedFleet(store: SqliteAppStore, edges: number, perEnterprise: number): Promise<FakeVelocloud> {
  const velocloud = new FakeVelocloud();
  velocloud.fleet = store.fleet;
  velocloud.edges = Array.from({ length: edges }, (_, i): FakeEdge => ({
    host: HOST,
    enterpriseId: 1 + Math.floor(i / perEnterprise),
    edgeId: 100 + i,
    serialNumber: `VC${100 + i}`,
    clientId: '9994',
    up: true,
  }));
  await store.stageCustomerCache('velocloud', 'g', velocloud.edges);
  await store.commitCustomerCache('velocloud', 'g', new Date().toISOString());
  return velocloud;
}

describe('sites monitor workflow (time-skipping server)', () => {
  const ctx = useWorkflowTestEnv();

  it("stores every cycle's snapshot; posts one Slack summary per interval with a faulty edge, after it, and none for a healthy one", async () => {
    const store = new SqliteAppStore(':memory:');
    const velocloud = await cachedFleet(store, 12, 4);
    velocloud.edges.forEach((e, i) => (e.up = i !== 5 && i !== 9));
    const slack: string[] = [];
    const cycle = (id: string, faultyEdge?: number) => {
      velocloud.edges.forEach((e, i) => (e.up = i !== faultyEdge));
      return ctx.env.client.workflow.execute(sitesMonitor, {
        taskQueue: 'orchestration',
        workflowId: id,
        // The test server skips idle time to the next timer it holds, a finished run's execution timeout included
        // (10 years by default): a short one keeps the cycles minutes apart, as the schedule would.
        workflowExecutionTimeout: '10 seconds',
        args: [{ hosts: [HOST], enterprisesPerBatch: 2, summaryIntervalSeconds: 600 }],
      });
    };
    const results = await withWorkers(
      ctx,
      {
        orchestration: { ...createAppStoreActivities(store), ...createFleetActivities(store.fleet) },
        velocloud: velocloud.activities(),
        notifier: recordingNotifier(slack),
      },
      async () => {
        // Start on an interval's first minute, so the next three cycles share it.
        const now = await ctx.env.currentTimeMs();
        await ctx.env.sleep(600_000 - (now % 600_000) + 1_000);
        const first = await cycle('sites-1', 5);
        await ctx.env.sleep(120_000);
        const second = await cycle('sites-2', 5);
        await ctx.env.sleep(120_000);
        const third = await cycle('sites-3', 9);
        const quiet = [...slack];
        await ctx.env.sleep(600_000);
        const next = await cycle('sites-4');
        const sent = [...slack];
        await ctx.env.sleep(600_000);
        await cycle('sites-5'); // the healthy interval before: nothing to send
        return { first, second, third, next, quiet, sent };
      },
    );
    expect(results.first).toMatchObject({ edgesProcessed: 12, faulty: 1, discarded: 0 });
    expect(results.third).toMatchObject({ faulty: 1 });
    const snapshot = await store.fleet.latestFleetSnapshot();
    expect(snapshot).toMatchObject({ cycle: 'sites-5', edgesProcessed: 12 });
    expect(results.quiet).toEqual([]);
    expect(results.sent).toHaveLength(1);
    expect(slack).toEqual(results.sent);
    const lines = slack[0].split('\n');
    expect(lines[0]).toMatch(/^\*Sites monitor\*, \d{4}-\d\d-\d\d \d\d:\d0–\d\d:\d0 UTC: 2 faulty edges in 3 cycles$/);
    expect(lines[1]).toBe('Latest cycle: 12 edges (CONNECTED 11, OFFLINE 1)');
    expect(lines[2]).toMatch(
      /^• edge-VC105 \(mettel\.velocloud\.net, enterprise 2\): edge offline; faulty in 2 of 3 cycles, first \d\d:\d\d:\d\d, last \d\d:\d\d:\d\d$/,
    );
    expect(lines[3]).toMatch(
      /^• edge-VC109 \(mettel\.velocloud\.net, enterprise 3\): edge offline; faulty in 1 of 3 cycles/,
    );
    expect(await store.fleet.openSitesIntervals('9999-12-31T00:00:00.000Z')).toEqual([
      [expect.objectContaining({ cycle: 'sites-5' })],
    ]);
    await store.close();
  });

  it("counts a large fleet in segment children, and no history grows with the fleet's faulty edges", async () => {
    const store = new SqliteAppStore(':memory:');
    // 6 enterprises of 10 edges: one batch each, two batches per segment, so three segments.
    const velocloud = await cachedFleet(store, 60, 10);
    // The bytes of what the history records, without its workflow tasks: how many of those a run takes depends on
    // how busy the machine is (a completion arriving while a task runs adds one), not on the fleet.
    const bytes = async (workflowId: string) => {
      const { events } = await ctx.env.client.workflow.getHandle(workflowId).fetchHistory();
      const recorded = (events ?? []).filter(
        (e) =>
          !e.workflowTaskScheduledEventAttributes &&
          !e.workflowTaskStartedEventAttributes &&
          !e.workflowTaskCompletedEventAttributes &&
          !e.workflowTaskTimedOutEventAttributes &&
          !e.workflowTaskFailedEventAttributes,
      );
      return temporal.api.history.v1.History.encode({ events: recorded }).finish().length;
    };
    const cycle = async (id: string, down: number) => {
      velocloud.edges.forEach((e, i) => (e.up = i >= down));
      const result = await ctx.env.client.workflow.execute(sitesMonitor, {
        taskQueue: 'orchestration',
        workflowId: id,
        workflowExecutionTimeout: '10 seconds',
        args: [{ hosts: [HOST], enterprisesPerBatch: 1, batchesPerSegment: 2, summaryIntervalSeconds: 600 }],
      });
      const snapshot = await store.fleet.latestFleetSnapshot();
      return {
        result,
        snapshot,
        monitor: await bytes(id),
        segment: await bytes(`${id}/segment-3`),
      };
    };
    const { healthy, faulty } = await withWorkers(
      ctx,
      {
        orchestration: { ...createAppStoreActivities(store), ...createFleetActivities(store.fleet) },
        velocloud: velocloud.activities(),
        notifier: recordingNotifier([]),
      },
      async () => ({ healthy: await cycle('sites-up', 0), faulty: await cycle('sites-dn', 60) }),
    );
    expect(healthy.result).toMatchObject({ edgesProcessed: 60, faulty: 0, discarded: 0 });
    expect(faulty.result).toMatchObject({ edgesProcessed: 60, faulty: 60, discarded: 0 });
    // The snapshot is taken from the parts every batch kept: all six enterprises, every faulty edge by name.
    expect(faulty.snapshot?.cycle).toBe('sites-dn');
    expect(faulty.snapshot?.faulty.map((e) => e.name)).toEqual(velocloud.edges.map((e) => `edge-${e.serialNumber}`));
    expect(new Set(faulty.snapshot?.edges.map((e) => e.enterpriseId))).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    // 60 faulty edges by name would be kilobytes in a history; these differ by a few bytes of counts (the IDs are
    // the same length).
    expect(Math.abs(faulty.monitor - healthy.monitor)).toBeLessThan(300);
    expect(Math.abs(faulty.segment - healthy.segment)).toBeLessThan(300);
    await store.close();
  });
});
