import { Worker } from '@temporalio/worker';
import { createAppStoreActivities } from '../../activities/app-store/activities';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { hawkeyeOutageMonitor } from '../../workflows';
import { orchestrationWorker, useWorkflowTestEnv } from '../helpers/time-skipping';
import { FakeBruin, FakeHawkeye, recordingDigi, recordingNotifier } from '../helpers/fake-vendors';

describe('Hawkeye outage monitor and recheck (time-skipping server)', () => {
  const ctx = useWorkflowTestEnv();

  async function cycles(hawkeye: FakeHawkeye, bruin: FakeBruin, runs: number) {
    const store = new SqliteAppStore(':memory:');
    for (const p of hawkeye.probes) bruin.inventory[p.serialNumber] = p.clientId;
    const owners = async () =>
      new Map(((await store.customerCache('hawkeye'))?.entries ?? []).map((e) => [e.serialNumber, e.clientId]));
    let cached = new Map<string, string>();
    const slack: string[] = [];
    const workers = await Promise.all([
      orchestrationWorker({
        connection: ctx.env.nativeConnection,
        bundle: ctx.bundle,
        activities: createAppStoreActivities(store),
      }),
      Worker.create({ connection: ctx.env.nativeConnection, taskQueue: 'bruin', activities: bruin.activities() }),
      Worker.create({
        connection: ctx.env.nativeConnection,
        taskQueue: 'hawkeye',
        activities: (() => {
          const acts = hawkeye.activities({ entries: () => cached });
          return {
            ...acts,
            checkProbes: async (a: { offset: number; limit: number }) => {
              cached = await owners();
              return acts.checkProbes(a);
            },
          };
        })(),
      }),
      Worker.create({
        connection: ctx.env.nativeConnection,
        taskQueue: 'notifier',
        activities: recordingNotifier(slack),
      }),
      Worker.create({ connection: ctx.env.nativeConnection, taskQueue: 'digi', activities: recordingDigi([]) }),
    ]);
    const runAll = async () => {
      const results = [];
      for (let i = 0; i < runs; i++)
        results.push(
          await ctx.env.client.workflow.execute(hawkeyeOutageMonitor, {
            taskQueue: 'orchestration',
            workflowId: `hawkeye-outage-monitor-${Math.random()}`,
            args: [{ pageSize: 2 }],
          }),
        );
      return results;
    };
    const results = await workers.reduce<Promise<Awaited<ReturnType<typeof runAll>>>>(
      (inner, w) => w.runUntil(inner),
      runAll(),
    );
    await store.close();
    return { results, slack };
  }

  it('an offline probe gets one ticket across two cycles; a probe back online has its ticket resolved', async () => {
    const hawkeye = new FakeHawkeye();
    hawkeye.probes = [
      { serialNumber: 'B827EB000001', clientId: '9994', status: 'online' },
      { serialNumber: 'B827EB000002', clientId: '9994', status: 'offline' },
      { serialNumber: 'B827EB000003', clientId: '7311', status: 'online' },
    ];
    const bruin = new FakeBruin();
    const stale = bruin.seed({ clientId: '7311', serviceNumber: 'B827EB000003', status: 'InProgress' });
    const { results, slack } = await cycles(hawkeye, bruin, 2);
    expect(results[0]).toMatchObject({ edgesChecked: 3, inOutage: 1, ticketsCreated: 1, ticketsResolved: 1 });
    expect(results[1]).toMatchObject({ inOutage: 1, ticketsCreated: 0, ticketsInProgress: 1, ticketsResolved: 0 });
    expect(bruin.tickets.filter((t) => t.serviceNumber === 'B827EB000002')).toHaveLength(1);
    expect(bruin.tickets.find((t) => t.ticketId === stale)?.status).toBe('Resolved');
    expect(bruin.notes.find((n) => n.note.includes('Triage (Hawkeye)'))?.note).toContain('Device: probe-B827EB000002');
    expect(slack).toEqual([expect.stringContaining('Hawkeye probe probe-B827EB000002')]);
  });

  it('a probe that comes back within the recheck window gets no ticket', async () => {
    const hawkeye = new FakeHawkeye();
    hawkeye.probes = [{ serialNumber: 'B827EB000009', clientId: '9994', status: 'offline' }];
    hawkeye.script = ['online'];
    const bruin = new FakeBruin();
    const { results } = await cycles(hawkeye, bruin, 1);
    expect(results[0]).toMatchObject({ inOutage: 1, recovered: 1, ticketsCreated: 0 });
    expect(bruin.tickets).toEqual([]);
  });
});
