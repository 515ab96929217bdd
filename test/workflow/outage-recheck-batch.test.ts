import { createAppStoreActivities } from '../../activities/app-store/activities';
import { SearchAttr } from '../../domain/search-attributes';
import { outageRecheckBatchWorkflowId } from '../../domain/workflow-ids';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { outageRecheckBatch } from '../../workflows';
import type { OutageRecheckBatchInput, SuspectEdge } from '../../workflows/outage/outage-recheck-batch';
import { useWorkflowTestEnv, withWorkers } from '../helpers/time-skipping';
import { ApplicationFailure } from '@temporalio/common';
import type { NotifierActivities } from '../../activities/notifier/activities';
import { FakeBruin, FakeVelocloud, recordingDigi, recordingNotifier } from '../helpers/fake-vendors';

const HOST = 'mettel.velocloud.net';
const suspect = (edgeId: number): SuspectEdge => ({
  host: HOST,
  enterpriseId: 1,
  edgeId,
  name: `edge-${edgeId}`,
  serialNumber: `VC${edgeId}`,
  clientId: '9001',
});

describe('outage recheck batch workflow (time-skipping server)', () => {
  const ctx = useWorkflowTestEnv();

  /** Runs one batch over `edges` (those in `down` still down on the second look) against fakes and one store. */
  async function batch(
    edgeIds: number[],
    down: number[],
    over: Partial<OutageRecheckBatchInput> = {},
    setup: (s: {
      bruin: FakeBruin;
      store: SqliteAppStore;
      velocloud: FakeVelocloud;
    }) => Promise<void | { notifier?: NotifierActivities }> | void | { notifier?: NotifierActivities } = () =>
      undefined,
  ) {
    const velocloud = new FakeVelocloud();
    velocloud.edges = edgeIds
      .filter((id) => id < 900) // 9xx: unknown to VeloCloud
      .map((edgeId) => ({ ...suspect(edgeId), up: !down.includes(edgeId) }));
    const bruin = new FakeBruin();
    const store = new SqliteAppStore(':memory:');
    const replaced = (await setup({ bruin, store, velocloud })) ?? {};
    const slack: string[] = [];
    const reboots: string[] = [];
    const workflowId = outageRecheckBatchWorkflowId(`cycle-${Math.random().toString(36).slice(2)}`, 1);
    const edges = edgeIds.map(suspect);
    const result = await withWorkers(
      ctx,
      {
        orchestration: createAppStoreActivities(store),
        bruin: bruin.activities(),
        velocloud: velocloud.activities(),
        notifier: replaced.notifier ?? recordingNotifier(slack),
        digi: recordingDigi(reboots),
      },
      () =>
        ctx.env.client.workflow.execute(outageRecheckBatch, {
          taskQueue: 'orchestration',
          workflowId,
          args: [{ edges, recheckDelay: '5s', ...over }],
          typedSearchAttributes: [{ key: SearchAttr.EdgeIds, value: edges.map((e) => `${e.host}/${e.edgeId}`) }],
        }),
    );
    const handle = ctx.env.client.workflow.getHandle(workflowId);
    const history = (await handle.fetchHistory()).events ?? [];
    const scheduled = (type: string) =>
      history.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === type).length;
    const claimable = await store.claimRechecks(
      edgeIds.map((id) => `${HOST}/${id}`),
      'next-cycle',
      new Date(Date.now() + 60_000),
    );
    await store.close();
    return { result, bruin, slack, reboots, handle, history, scheduled, claimable, velocloud };
  }
  const byEdge = (r: Awaited<ReturnType<typeof batch>>['result']) =>
    Object.fromEntries(r.edges.map((e) => [e.edge.split('/')[1], e]));

  it('one wait and one look for the whole batch; each edge still down gets its ticket step, new tickets tell the NOC', async () => {
    const { result, bruin, slack, reboots, handle, history, scheduled, claimable, velocloud } = await batch(
      [101, 102, 103, 104],
      [102, 103, 104],
      { rebootDigi: true },
      ({ bruin }) => {
        bruin.seed({ ticketId: '5003', clientId: '9001', serviceNumber: 'VC103', status: 'Resolved' });
        bruin.seed({ ticketId: '5004', clientId: '9001', serviceNumber: 'VC104', status: 'InProgress' });
      },
    );
    const edges = byEdge(result);
    expect(edges['101']).toEqual({ edge: `${HOST}/101`, outcome: 'recovered', actions: [] });
    expect(edges['102']).toMatchObject({
      outcome: 'ticket-created',
      actions: [
        { action: 'create-ticket', serviceNumber: 'VC102' },
        { action: 'append-note', ticketId: edges['102'].ticketId },
        { action: 'slack', ticketId: edges['102'].ticketId },
        { action: 'reboot', serial: 'VC102' },
      ],
    });
    expect(edges['103']).toMatchObject({ outcome: 'ticket-unresolved', ticketId: '5003' });
    expect(edges['104']).toEqual({ edge: `${HOST}/104`, outcome: 'ticket-in-progress', ticketId: '5004', actions: [] });
    expect(bruin.tickets.find((t) => t.ticketId === '5003')?.status).toBe('InProgress');
    expect(bruin.notes.map((n) => n.ticketId).sort()).toEqual([edges['102'].ticketId, '5003'].sort());
    expect(slack).toEqual([expect.stringMatching(/^Outage ticket \d+ created for edge edge-102 /)]);
    expect(reboots).toEqual(['VC102']);

    // The shape that keeps a large cycle cheap: one timer and one VeloCloud read, one Bruin activity per edge still down.
    expect(history.filter((e) => e.timerStartedEventAttributes)).toHaveLength(1);
    expect([scheduled('edgeStatuses'), scheduled('edgeStatus'), scheduled('raiseOutageTicketOnce')]).toEqual([1, 0, 3]);
    expect(velocloud.batchReads).toBe(1);

    // Found by edge and by ticket; the claims are released for the next cycle.
    const { searchAttributes } = await handle.describe();
    expect(searchAttributes).toMatchObject({
      EdgeIds: [`${HOST}/101`, `${HOST}/102`, `${HOST}/103`, `${HOST}/104`],
      Outcome: ['ticket-created'],
    });
    expect([...(searchAttributes.TicketIds as string[])].sort()).toEqual(
      [edges['102'].ticketId, '5003', '5004'].sort(),
    );
    expect(claimable).toHaveLength(4);
  });

  it("an edge another cycle's batch holds is left to it; the rest are rechecked", async () => {
    const { result, bruin } = await batch([101, 102], [101, 102], {}, async ({ store }) => {
      await store.claimRechecks([`${HOST}/101`], 'outage-recheck-batch/other-cycle/1', new Date(Date.now() + 60_000));
    });
    expect(byEdge(result)['101']).toEqual({ edge: `${HOST}/101`, outcome: 'already-rechecking', actions: [] });
    expect(byEdge(result)['102'].outcome).toBe('ticket-created');
    expect(bruin.calls.filter((c) => c.startsWith('ticket step'))).toEqual(['ticket step VC102']);
  });

  it("a batch whose every edge another cycle holds neither waits nor looks, and releases nobody's claim", async () => {
    const other = 'outage-recheck-batch/other-cycle/1';
    const { result, history, scheduled, claimable } = await batch([101], [101], {}, async ({ store }) => {
      await store.claimRechecks([`${HOST}/101`], other, new Date(Date.now() + 60_000));
    });
    expect(result.edges).toEqual([{ edge: `${HOST}/101`, outcome: 'already-rechecking', actions: [] }]);
    expect(history.filter((e) => e.timerStartedEventAttributes)).toHaveLength(0);
    expect([scheduled('edgeStatuses'), scheduled('releaseRechecks')]).toEqual([0, 0]);
    expect(claimable).toEqual([]); // still the other cycle's
  });

  it('an edge Bruin fails on, or VeloCloud cannot read, is reported with the reason; the others get their tickets', async () => {
    const { result, handle, claimable } = await batch([101, 102, 999], [101, 102], {}, ({ bruin }) => {
      bruin.seed({ ticketId: '5001', clientId: '9001', serviceNumber: 'VC101', status: 'Resolved' });
      bruin.refuseNotesOn.add('5001');
    });
    const edges = byEdge(result);
    expect(edges['101']).toMatchObject({
      outcome: 'failed',
      reason: expect.stringMatching(/^Bruin: VendorRejectedError: .*refuses notes/),
    });
    expect(edges['999']).toMatchObject({ outcome: 'unreadable', reason: expect.stringMatching(/edge 999 not found/) });
    expect(edges['102'].outcome).toBe('ticket-created');
    expect((await handle.describe()).searchAttributes.Outcome).toEqual(['failed']);
    expect(claimable).toHaveLength(3);
  });

  it('a second look VeloCloud fails for good reports every edge with the reason and releases the claims', async () => {
    const { result, bruin, claimable, handle } = await batch([101, 102], [101, 102], {}, ({ velocloud }) => {
      velocloud.batchReadFailure = 'VeloCloud answered 503';
    });
    expect(result.edges).toEqual(
      [101, 102].map((id) => ({
        edge: `${HOST}/${id}`,
        outcome: 'failed',
        actions: [],
        reason: expect.stringMatching(/^VeloCloud: VendorUnavailableError: VeloCloud answered 503/),
      })),
    );
    expect(bruin.calls).toEqual([]);
    expect((await handle.describe()).searchAttributes.Outcome).toEqual(['failed']);
    expect(claimable).toHaveLength(2); // the next cycle may look again at once
  });

  it('a new ticket whose Slack alert fails for good keeps its outcome, and the edge carries the reason', async () => {
    const { result, handle } = await batch([101], [101], {}, () => ({
      notifier: {
        ...recordingNotifier([]),
        postSlackMessage: async () => {
          throw ApplicationFailure.create({
            type: 'VendorRejectedError',
            message: 'channel_not_found',
            nonRetryable: true,
          });
        },
      },
    }));
    expect(result.edges).toEqual([
      expect.objectContaining({
        outcome: 'ticket-created',
        actions: [
          expect.objectContaining({ action: 'create-ticket' }),
          expect.objectContaining({ action: 'append-note' }),
        ],
        reason: expect.stringMatching(/^Slack: VendorRejectedError: channel_not_found/),
      }),
    ]);
    expect((await handle.describe()).searchAttributes.Outcome).toEqual(['ticket-created']);
  });

  it('dry run: intended actions only; nothing claimed, nothing written', async () => {
    const { result, bruin, slack, scheduled } = await batch([101, 102], [102], { dryRun: true, rebootDigi: true });
    expect(byEdge(result)['102']).toEqual({
      edge: `${HOST}/102`,
      outcome: 'dry-run',
      actions: [
        { action: 'create-ticket', serviceNumber: 'VC102' },
        { action: 'append-note', ticketId: 'new' },
        { action: 'slack', ticketId: 'new' },
        { action: 'reboot', serial: 'VC102' },
      ],
    });
    expect(byEdge(result)['101'].outcome).toBe('recovered');
    expect([scheduled('claimRechecks'), scheduled('releaseRechecks')]).toEqual([0, 0]);
    expect([bruin.calls, slack]).toEqual([[], []]);
  });
});
