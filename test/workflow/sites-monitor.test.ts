import { createAppStoreActivities } from '../../activities/app-store/activities';
import { createFleetActivities } from '../../activities/app-store/fleet';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { sitesMonitor } from '../../workflows';
import { FakeVelocloud, recordingNotifier, type FakeEdge } from '../helpers/fake-vendors';
import { useWorkflowTestEnv, withWorkers } from '../helpers/time-skipping';

const HOST = 'mettel.velocloud.net';

describe('sites monitor workflow (time-skipping server)', () => {
  const ctx = useWorkflowTestEnv();

  it('counts every edge into the stored snapshot and posts one Slack summary naming the faulty edges', async () => {
    const store = new SqliteAppStore(':memory:');
    const velocloud = new FakeVelocloud();
    velocloud.edges = Array.from({ length: 12 }, (_, i): FakeEdge => ({
      host: HOST,
      enterpriseId: 1 + Math.floor(i / 4),
      edgeId: 100 + i,
      serialNumber: `VC${100 + i}`,
      clientId: '9994',
      up: i !== 5 && i !== 9,
    }));
    await store.stageCustomerCache(
      'velocloud',
      'g',
      velocloud.edges.map(({ host, enterpriseId, edgeId, serialNumber, clientId }) => ({
        host,
        enterpriseId,
        edgeId,
        serialNumber,
        clientId,
      })),
    );
    await store.commitCustomerCache('velocloud', 'g', new Date().toISOString());
    const slack: string[] = [];
    const result = await withWorkers(
      ctx,
      {
        orchestration: { ...createAppStoreActivities(store), ...createFleetActivities(store.fleet) },
        velocloud: velocloud.activities(),
        notifier: recordingNotifier(slack),
      },
      () =>
        ctx.env.client.workflow.execute(sitesMonitor, {
          taskQueue: 'orchestration',
          workflowId: 'sites-monitor-test',
          args: [{ hosts: [HOST], enterprisesPerBatch: 2 }],
        }),
    );
    expect(result).toMatchObject({ edgesProcessed: 12, faulty: 2, discarded: 0 });
    const snapshot = await store.fleet.latestFleetSnapshot();
    expect(snapshot).toMatchObject({ cycle: 'sites-monitor-test', takenAt: result.takenAt, edgesProcessed: 12 });
    expect(snapshot?.edges.filter((e) => e.state === 'OFFLINE')).toEqual([
      { host: HOST, enterpriseId: 2, state: 'OFFLINE', count: 1 },
      { host: HOST, enterpriseId: 3, state: 'OFFLINE', count: 1 },
    ]);
    expect(slack).toHaveLength(1);
    expect(slack[0]).toMatch(/^\*Sites monitor\*: 12 edges \(CONNECTED 10, OFFLINE 2\)/);
    expect(slack[0]).toContain('• edge-VC105 (mettel.velocloud.net, enterprise 2): edge offline');
    await store.close();
  });
});
