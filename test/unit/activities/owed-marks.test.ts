import { MockActivityEnvironment } from '@temporalio/testing';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { createOwedMarkActivities, type OwedMarksCheck } from '../../../activities/app-store/owed-marks';
import { SqliteAppStore } from '../../../store/sqlite-app-store';

const HOUR_MS = 3_600_000;

/** What the fake server knows of a holder: its type and status, and for a timeline what its `timeline` query says. */
interface Holder {
  type: string;
  status: string;
  /** The timeline's owed log entries, or an error the query fails with. */
  log?: Array<{ event: string; recipient?: 'technician'; sms: string; note: string }> | Error;
}

/** A client whose handles describe and query the holders given; any other workflow ID is unknown to it. */
function fakeClient(holders: Record<string, Holder>, queried: string[]): Client {
  const getHandle = (workflowId: string) => ({
    describe: async () => {
      const h = holders[workflowId];
      if (!h) throw new WorkflowNotFoundError('not found', workflowId, undefined);
      return { type: h.type, status: { name: h.status } };
    },
    query: async (q: { name: string }) => {
      queried.push(`${workflowId} ${q.name}`);
      const log = holders[workflowId].log;
      if (log instanceof Error) throw log;
      return { log: log ?? [] };
    },
  });
  return {
    workflow: { getHandle },
    withDeadline: (_: number, fn: () => Promise<unknown>) => fn(),
  } as unknown as Client;
}

describe('owed marks check: which marks nothing will deliver or clear', () => {
  const store = new SqliteAppStore(':memory:');
  afterAll(() => store.close());

  it('clears the marks of ended and unknown holders and of a timeline that owes nothing; keeps the rest', async () => {
    const old = new Date(Date.now() - HOUR_MS);
    const holders: Record<string, Holder> = {
      // Reset to before it owed: its state owes nothing, the mark of its earlier run is still there.
      'dispatch/cts/RESET': {
        type: 'dispatchTimeline',
        status: 'RUNNING',
        log: [{ event: 'confirmed', sms: 'sent', note: 'written' }],
      },
      'dispatch/cts/OWES': {
        type: 'dispatchTimeline',
        status: 'RUNNING',
        log: [
          { event: 'confirmed', sms: 'sent', note: 'written' },
          { event: 'confirmed', recipient: 'technician', sms: 'owed', note: 'none' },
        ],
      },
      // Its build's workers are down: it cannot say what it owes, so it may still owe.
      'dispatch/lit/SILENT': { type: 'dispatchTimeline', status: 'RUNNING', log: new Error('query timed out') },
      'dispatch/lit/ENDED': { type: 'dispatchTimeline', status: 'TERMINATED' },
      'owed/outage-ticket/VC-RUNNING': { type: 'owedWork', status: 'RUNNING' },
    };
    for (const holder of Object.keys(holders)) {
      const subject = holder.startsWith('owed/') ? holder.slice('owed/'.length) : holder;
      await store.markOwed(subject, holder, old);
    }
    await store.markOwed('dispatch/lit/GONE', 'dispatch/lit/GONE', old);
    // Made a moment ago: the timeline may be about to clear it itself; not even asked.
    holders['dispatch/cts/FRESH'] = { type: 'dispatchTimeline', status: 'RUNNING', log: [] };
    await store.markOwed('dispatch/cts/FRESH', 'dispatch/cts/FRESH', new Date());

    const queried: string[] = [];
    const { clearMarksOfClosedHolders } = createOwedMarkActivities(store, () => fakeClient(holders, queried));
    const result: OwedMarksCheck = await new MockActivityEnvironment().run(() =>
      clearMarksOfClosedHolders({ graceMinutes: 10, limit: 100 }),
    );

    expect(result.checked).toBe(7);
    expect(result.cleared.map((m) => [m.subject, m.holderStatus, m.why]).sort()).toEqual([
      ['dispatch/cts/RESET', 'RUNNING', 'holder-owes-nothing'],
      ['dispatch/lit/ENDED', 'TERMINATED', 'holder-ended'],
      ['dispatch/lit/GONE', 'not-found', 'holder-not-found'],
    ]);
    // Only running timelines are asked; an owed queue's own mark is its own to clear (it ends once it owes nothing).
    expect(queried.sort()).toEqual([
      'dispatch/cts/OWES timeline',
      'dispatch/cts/RESET timeline',
      'dispatch/lit/SILENT timeline',
    ]);
    expect((await store.owedMarksHeld(100)).map((m) => m.subject).sort()).toEqual([
      'dispatch/cts/FRESH',
      'dispatch/cts/OWES',
      'dispatch/lit/SILENT',
      'outage-ticket/VC-RUNNING',
    ]);
  });
});
