import { createAppStoreActivities } from '../../activities/app-store/activities';
import { tnbaNote } from '../../domain/tnba';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { tnbaFeedback, tnbaMonitor } from '../../workflows';
import type { TnbaMonitorInput } from '../../workflows/tnba/tnba-monitor';
import { FakeBruin, FakeT7, recordingNotifier } from '../helpers/fake-vendors';
import { useWorkflowTestEnv, withWorkers } from '../helpers/time-skipping';

const CLIENT = '9994';
const MIN = 60_000;

describe('TNBA workflows (time-skipping server)', () => {
  const ctx = useWorkflowTestEnv();
  const store = new SqliteAppStore(':memory:');
  afterAll(async () => {
    await store.close();
  });

  async function run<R>(bruin: FakeBruin, t7: FakeT7, start: () => Promise<R>, slack: string[] = []): Promise<R> {
    return withWorkers(
      ctx,
      {
        orchestration: createAppStoreActivities(store),
        bruin: bruin.activities(),
        t7: t7.activities(),
        notifier: recordingNotifier(slack),
      },
      start,
    );
  }
  const monitor = (bruin: FakeBruin, t7: FakeT7, input: Partial<TnbaMonitorInput> = {}, slack: string[] = []) =>
    run(
      bruin,
      t7,
      () =>
        ctx.env.client.workflow.execute(tnbaMonitor, {
          taskQueue: 'orchestration',
          workflowId: `tnba-monitor-${Math.random().toString(36).slice(2)}`,
          args: [{ clientIds: [CLIENT], notes: 'append', minNoteAgeMinutes: 60, ...input }],
        }),
      slack,
    );
  const ticket = (bruin: FakeBruin, id: string, offered: string[]) =>
    bruin.seed({ ticketId: id, clientId: CLIENT, serviceNumber: `VC${id}`, status: 'InProgress', offered });
  const priorNote = async (bruin: FakeBruin, ticketId: string, action: string, minutesAgo: number) => {
    const now = await ctx.env.currentTimeMs();
    bruin.notes.push({
      ticketId,
      note: tnbaNote({ name: action, probability: 0.5 }, 'Holmdel NOC Investigate'),
      createdDate: new Date(now - minutesAgo * MIN).toISOString(),
    });
  };

  it('notes the offered best action on a ticket with none; nothing for same action, recent change, or nothing offered; a new note for an old change', async () => {
    const bruin = new FakeBruin();
    const t7 = new FakeT7();
    const best = [
      { name: 'Repair Completed', probability: 0.95 },
      { name: 'Wait for Customer', probability: 0.8 },
      { name: 'Request Site Access', probability: 0.4 },
    ];
    for (const id of ['501', '502', '503', '504', '505']) {
      ticket(bruin, id, ['Wait for Customer', 'Request Site Access']);
      t7.predictions[id] = best;
    }
    t7.predictions['505'] = [{ name: 'Repair Completed', probability: 0.99 }]; // Bruin does not offer it
    await priorNote(bruin, '502', 'Wait for Customer', 600); // same action
    await priorNote(bruin, '503', 'Request Site Access', 30); // changed, but noted 30 min ago
    await priorNote(bruin, '504', 'Request Site Access', 90); // changed, and old enough
    const result = await monitor(bruin, t7);
    expect(result).toMatchObject({
      ticketsSeen: 5,
      appended: 2,
      sameAction: 1,
      changedButRecent: 1,
      nothingOffered: 1,
      failed: 0,
      mode: 'append',
    });
    const written = bruin.notes.slice(3);
    expect(written.map((n) => n.ticketId).sort()).toEqual(['501', '504']);
    expect(written[0].note).toContain('Next best action: Wait for Customer\nConfidence: 80%');
    expect(t7.metrics.sort()).toEqual(['501', '504']);
  });

  it('Slack mode and dry run write no note; Slack gets the summary, dry run returns the intended notes', async () => {
    const bruin = new FakeBruin();
    const t7 = new FakeT7();
    ticket(bruin, '601', ['Wait for Customer']);
    t7.predictions['601'] = [{ name: 'Wait for Customer', probability: 0.7 }];
    const slack: string[] = [];
    expect(await monitor(bruin, t7, { notes: 'slack' }, slack)).toMatchObject({
      mode: 'slack',
      wouldAppend: 1,
      appended: 0,
    });
    expect(slack).toEqual([expect.stringContaining('• ticket 601: Wait for Customer (70%)')]);
    const dry = await monitor(bruin, t7, { dryRun: true }, slack);
    expect(dry).toMatchObject({
      mode: 'dry-run',
      wouldAppend: 1,
      intended: [{ ticketId: '601', action: 'Wait for Customer', probability: 0.7 }],
    });
    expect(slack).toHaveLength(1);
    expect(bruin.notes).toEqual([]);
    expect(t7.metrics).toEqual([]);
  });

  it('more tickets than a page, outage and service-affecting (VAS) alike: continues as new and misses none; T7 5xx is retried', async () => {
    const bruin = new FakeBruin();
    const t7 = new FakeT7();
    for (let i = 0; i < 11; i++) {
      ticket(bruin, String(700 + i), ['Wait for Customer']);
      t7.predictions[String(700 + i)] = [{ name: 'Wait for Customer', probability: 0.6 }];
    }
    // Every third ticket is a VAS ticket: listed with the outage tickets in ticket-ID order.
    for (const t of bruin.tickets.filter((_, i) => i % 3 === 1)) t.category = 'VAS';
    t7.failNext = 2;
    const result = await monitor(bruin, t7, { pageSize: 3, pagesPerRun: 2 });
    expect(result).toMatchObject({ ticketsSeen: 11, appended: 11, pages: 4, runs: 2, failed: 0 });
    expect(new Set(bruin.notes.map((n) => n.ticketId)).size).toBe(11);
    expect(t7.calls).toBe(13); // 11 tickets + 2 failed attempts retried
  });

  it('feedback: closed tickets with a TNBA note go to T7 once, across two runs', async () => {
    const bruin = new FakeBruin();
    const t7 = new FakeT7();
    const now = await ctx.env.currentTimeMs();
    const closed = (id: string, hoursAgo: number) =>
      bruin.seed({
        ticketId: id,
        clientId: CLIENT,
        serviceNumber: `VC${id}`,
        status: 'Closed',
        closeDate: new Date(now - hoursAgo * 3_600_000).toISOString(),
      });
    for (const id of ['801', '802', '803', '804']) closed(id, 5);
    bruin.tickets.find((t) => t.ticketId === '802')!.category = 'VAS'; // fed back like the outage tickets
    closed('805', 50); // outside the window
    for (const id of ['801', '802', '803', '805']) await priorNote(bruin, id, 'Wait for Customer', 24 * 60);
    const feedback = (dryRun?: boolean) =>
      run(bruin, t7, () =>
        ctx.env.client.workflow.execute(tnbaFeedback, {
          taskQueue: 'orchestration',
          workflowId: `tnba-feedback-${Math.random().toString(36).slice(2)}`,
          args: [
            {
              clientIds: [CLIENT],
              window: { from: new Date(now - 26 * 3_600_000).toISOString(), to: new Date(now).toISOString() },
              batchSize: 2,
              pageSize: 2,
              pagesPerRun: 1,
              dryRun,
            },
          ],
        }),
      );
    // A dry run lists what would go to T7, sends nothing and records nothing: the real run after it still sends all three.
    const dry = await feedback(true);
    expect(dry).toMatchObject({ dryRun: true, withTnbaNote: 3, wouldSend: 3, sent: 0, batches: 0 });
    expect([...dry.intended!].sort()).toEqual(['801', '802', '803']);
    expect(t7.deliveries).toEqual({});
    const first = await feedback();
    expect(first).toMatchObject({ ticketsSeen: 4, withTnbaNote: 3, sent: 3, alreadySent: 0, batches: 2, runs: 2 });
    bruin.seed({
      ticketId: '806',
      clientId: CLIENT,
      serviceNumber: 'VC806',
      status: 'Closed',
      closeDate: new Date(now - 3_600_000).toISOString(),
    });
    await priorNote(bruin, '806', 'Request Site Access', 120);
    const second = await feedback();
    expect(second).toMatchObject({ withTnbaNote: 4, sent: 1, alreadySent: 3 });
    expect(t7.deliveries).toEqual({ 801: 1, 802: 1, 803: 1, 806: 1 });
  });
});
