import Database from 'better-sqlite3';
import { tnbaNote } from '../../domain/tnba';
import type { StoreRetentionResult } from '../../workflows/retention/store-retention';
import type { TnbaFeedbackResult } from '../../workflows/tnba/tnba-feedback';
import type { TnbaMonitorResult } from '../../workflows/tnba/tnba-monitor';
import { useTestEngine } from '../helpers/engine';

type State = {
  vendors: {
    bruin: { notes: Record<string, { ticketId: string; noteValue: string }> };
    t7: {
      feedback: Record<string, { deliveries: number; taskHistory: Array<{ taskName: string }> }>;
      metrics: Record<string, { ticketId: string; automated: boolean }>;
    };
  };
};

describe('end to end: TNBA monitor and feedback schedules against the sandbox', () => {
  const engine = useTestEngine('tnba', { TNBA_CLIENT_IDS: '9994', TNBA_NOTES: 'append' });
  const state = async () => (await engine.sb.call('GET', '/_sandbox/state')).json as State;
  const tasks = [
    { TaskName: 'Ticket Created', TaskResult: 'Done', CreatedDate: new Date(Date.now() - 5 * 3_600_000).toISOString() },
    {
      TaskName: 'Holmdel NOC Investigate',
      TaskResult: null,
      CreatedDate: new Date(Date.now() - 4 * 3_600_000).toISOString(),
    },
  ];

  it('a triggered monitor run appends the TNBA note the sandbox then shows; a triggered feedback run delivers task histories to T7, once', async () => {
    const { sb } = engine;
    await sb.call('POST', '/_sandbox/bruin/tickets', {
      id: '5200001',
      clientID: 9994,
      serviceNumber: 'VC05200028729',
      category: 'VOO',
      ticketStatus: 'InProgress',
      createDate: new Date().toISOString(),
      taskHistory: tasks,
      currentTaskName: 'Holmdel NOC Investigate',
      nextResults: [
        { resultTypeId: 1, resultName: 'Wait for Customer' },
        { resultTypeId: 2, resultName: 'Request Site Access' },
      ],
    });
    await sb.call('POST', '/_sandbox/t7/predictions', {
      id: '5200001',
      predictions: [
        { name: 'Repair Completed', probability: 0.9 },
        { name: 'Request Site Access', probability: 0.65 },
      ],
    });

    const monitor = await engine.triggerSchedule<TnbaMonitorResult>('tnba-monitor');
    expect(monitor.workflowId).toMatch(/^tnba-monitor-/);
    expect(monitor.result).toMatchObject({ mode: 'append', ticketsSeen: 1, appended: 1, failed: 0 });
    const notes = Object.values((await state()).vendors.bruin.notes).filter((n) => n.ticketId === '5200001');
    expect(notes.map((n) => n.noteValue)).toEqual([
      tnbaNote({ name: 'Request Site Access', probability: 0.65 }, 'Holmdel NOC Investigate'),
    ]);
    expect(Object.values((await state()).vendors.t7.metrics)).toEqual([
      expect.objectContaining({ ticketId: '5200001', automated: true }),
    ]);
    expect((await engine.triggerSchedule<TnbaMonitorResult>('tnba-monitor')).result).toMatchObject({
      appended: 0,
      sameAction: 1,
    });

    // Closed two hours ago, with a TNBA note: its history goes to T7.
    await sb.call('POST', '/_sandbox/bruin/tickets', {
      id: '5200002',
      clientID: 9994,
      serviceNumber: 'VC05200039471',
      category: 'VOO',
      ticketStatus: 'Closed',
      createDate: new Date(Date.now() - 6 * 3_600_000).toISOString(),
      closeDate: new Date(Date.now() - 2 * 3_600_000).toISOString(),
      taskHistory: tasks,
    });
    await sb.call('POST', '/_sandbox/bruin/notes', {
      id: '80002',
      ticketId: '5200002',
      noteValue: tnbaNote({ name: 'Wait for Customer', probability: 0.7 }, 'Holmdel NOC Investigate'),
      createdDate: new Date(Date.now() - 3 * 3_600_000).toISOString(),
    });
    const feedback = await engine.triggerSchedule<TnbaFeedbackResult>('tnba-feedback');
    expect(feedback.result).toMatchObject({ ticketsSeen: 1, withTnbaNote: 1, sent: 1, alreadySent: 0 });
    const delivered = (await state()).vendors.t7.feedback['5200002'];
    expect(delivered.deliveries).toBe(1);
    expect(delivered.taskHistory.map((t) => t.taskName)).toEqual(['Ticket Created', 'Holmdel NOC Investigate']);
    expect((await engine.triggerSchedule<TnbaFeedbackResult>('tnba-feedback')).result).toMatchObject({
      sent: 0,
      alreadySent: 1,
    });
    expect((await state()).vendors.t7.feedback['5200002'].deliveries).toBe(1);
  });

  it('the store-retention schedule forgets ledger entries and processed keys written before the retention (400 days)', async () => {
    const { store } = engine;
    const scope = 'retention-e2e';
    await store.begin('retention-e2e|sms:old|1', 'sms');
    await store.begin('retention-e2e|sms:recent|1', 'sms');
    await store.markProcessed(scope, ['old', 'recent']);
    // Written 401 and 399 days ago, as far as the store can tell.
    const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
    const db = new Database(engine.storeFile);
    db.prepare('UPDATE notification_ledger SET updated_at = ? WHERE idempotency_key = ?').run(
      daysAgo(401),
      'retention-e2e|sms:old|1',
    );
    db.prepare('UPDATE notification_ledger SET updated_at = ? WHERE idempotency_key = ?').run(
      daysAgo(399),
      'retention-e2e|sms:recent|1',
    );
    db.prepare('UPDATE processed_keys SET processed_at = ? WHERE scope = ? AND key = ?').run(
      daysAgo(401),
      scope,
      'old',
    );
    db.prepare('UPDATE processed_keys SET processed_at = ? WHERE scope = ? AND key = ?').run(
      daysAgo(399),
      scope,
      'recent',
    );
    db.close();

    const { workflowId, result } = await engine.triggerSchedule<StoreRetentionResult>('store-retention');
    expect(result).toMatchObject({ notifications: 1, processedKeys: 1, caughtUp: true });
    expect(Date.parse(result.before)).toBeLessThan(Date.now() - 399.9 * 86_400_000);
    expect(await store.get('retention-e2e|sms:old|1')).toBeUndefined();
    expect(await store.get('retention-e2e|sms:recent|1')).toMatchObject({ status: 'pending' });
    expect(await store.processedAmong(scope, ['old', 'recent'])).toEqual(['recent']);
    const described = await engine.client.workflow.getHandle(workflowId).describe();
    expect(described.typedSearchAttributes.get({ name: 'Outcome', type: 'KEYWORD' } as never)).toBe('caught-up');
  });
});
