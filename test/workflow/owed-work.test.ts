import { Context } from '@temporalio/activity';
import { createAppStoreActivities } from '../../activities/app-store/activities';
import type { NotifierActivities } from '../../activities/notifier/activities';
import { failureForStatus } from '../../activities/vendor-errors';
import { isOutageNote } from '../../domain/outage';
import { SearchAttr } from '../../domain/search-attributes';
import { DEFAULT_THRESHOLDS, linkTroubles } from '../../domain/service-affecting';
import { outageTicketSubject, owedWorkWorkflowId, vasTicketSubject } from '../../domain/workflow-ids';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { hawkeyeOutageMonitor, outageMonitor, serviceAffectingMonitor } from '../../workflows';
import type { OwedWorkResult } from '../../workflows/owed/api';
import type { OutageCycleResult } from '../../workflows/outage/cycle';
import { healthyLink } from '../helpers/links';
import { useWorkflowTestEnv, withWorkers } from '../helpers/time-skipping';
import {
  FakeBruin,
  FakeHawkeye,
  FakeVelocloud,
  recordingDigi,
  recordingNotifier,
  type FakeEdge,
} from '../helpers/fake-vendors';

const HOST = 'mettel.velocloud.net';
const SERIAL = 'VC1001';
const edge = (up: boolean): FakeEdge => ({
  host: HOST,
  enterpriseId: 1,
  edgeId: 101,
  serialNumber: SERIAL,
  clientId: '9001',
  up,
});

type Ctx = ReturnType<typeof useWorkflowTestEnv>;

/** A fleet of one edge, a Bruin and a Slack that can be down, and one store, across several cycles. */
function world(ctx: Ctx) {
  const velocloud = new FakeVelocloud();
  velocloud.edges = [edge(true)];
  const bruin = new FakeBruin();
  bruin.inventory[SERIAL] = '9001';
  const store = new SqliteAppStore(':memory:');
  const slack: string[] = [];
  const slackAt: number[] = [];
  let slackDownUntil = 0;
  const notifier: NotifierActivities = {
    ...recordingNotifier(slack),
    postSlackMessage: async (input) => {
      const at = Context.current().info.currentAttemptScheduledTimestampMs;
      if (at < slackDownUntil) throw failureForStatus('slack', 'chat.postMessage', 503, 'service unavailable');
      // The ledger sends one message per step and business ID: a second post of the same alert is not a second message.
      if (!slack.includes(input.text)) {
        slack.push(input.text);
        slackAt.push(at);
      }
      return { outcome: 'sent', providerId: 'ts', idempotencyKey: `${input.step}/${input.businessId}` };
    },
  };
  // The owed-work marks, failing while the store is down (a PostgreSQL outage).
  let storeDownUntil = 0;
  const storeActivities = createAppStoreActivities(store);
  const storeDown = () => {
    if (Context.current().info.currentAttemptScheduledTimestampMs < storeDownUntil)
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
  };
  const orchestration = {
    ...storeActivities,
    markOwed: async (input: Parameters<typeof storeActivities.markOwed>[0]) => {
      storeDown();
      return storeActivities.markOwed(input);
    },
    clearOwed: async (input: Parameters<typeof storeActivities.clearOwed>[0]) => {
      storeDown();
      return storeActivities.clearOwed(input);
    },
  };
  let n = 0;
  const run = (down: boolean) => {
    velocloud.edges = [edge(!down)];
    return ctx.env.client.workflow.execute(outageMonitor, {
      taskQueue: 'orchestration',
      workflowId: `outage-monitor-owed-${++n}`,
      args: [{ hosts: [HOST] }],
    });
  };
  const owedHandle = () => ctx.env.client.workflow.getHandle(owedWorkWorkflowId(outageTicketSubject(SERIAL)));
  const inWorkers = <T>(scenario: () => Promise<T>) =>
    withWorkers(
      ctx,
      {
        orchestration,
        bruin: bruin.activities(),
        velocloud: velocloud.activities(),
        notifier,
        digi: recordingDigi([]),
      },
      scenario,
    ).finally(() => store.close());
  const notesOf = (ticketId: string) =>
    bruin.notes
      .filter((x) => x.ticketId === ticketId)
      .map((x) => (isOutageNote(x.note) ? 'outage' : /Auto-resolving/.test(x.note) ? 'auto-resolve' : 'other'));
  return {
    bruin,
    store,
    slack,
    slackAt,
    run,
    owedHandle,
    inWorkers,
    notesOf,
    slackDown: (ms: number) => (slackDownUntil = ms),
    storeDown: (ms: number) => (storeDownUntil = ms),
  };
}

/**
 * The three side effects `npm run chaos` lost once rechecks were batched (issue 26): a reopen note, an auto-resolve
 * note and a new ticket's Slack alert, each failing past its retries (Bruin or Slack answering 503 for longer than
 * the retries last), then the vendor recovering, and the edge flipping state in between. Each is delivered, in the
 * order it was decided, exactly once; the later cycle's opposite decision comes after it, not instead of it.
 */
// One time-skipping server per scenario: once an abandoned child (the owed queue) completes after its parent,
// the test server stops skipping time for later tests in the same server.
describe('owed side effects: a reopen note owed (time-skipping server)', () => {
  const ctx = useWorkflowTestEnv();

  it('a reopen note Bruin does not take is owed; the edge recovers; the note is written, then the resolve', async () => {
    const w = world(ctx);
    const ticketId = w.bruin.seed({ clientId: '9001', serviceNumber: SERIAL, status: 'Resolved' });
    await w.inWorkers(async () => {
      w.bruin.notesDownUntil = (await ctx.env.currentTimeMs()) + 20 * 60_000; // longer than a cycle's Bruin retries (2 minutes)
      const down: OutageCycleResult = await w.run(true);
      expect(down).toMatchObject({ inOutage: 1, owed: 1, ticketsUnresolved: 0 });
      expect(down.owedDevices).toEqual([
        { device: `${HOST}/101`, reason: expect.stringMatching(/^Bruin: .*service unavailable/) },
      ]);
      expect(down.recheckFailed).toBeUndefined();
      const owed = await w.owedHandle().describe();
      expect(owed.status.name).toBe('RUNNING');
      expect(owed.searchAttributes[SearchAttr.Outcome.name]).toEqual(['owed']);
      expect(owed.searchAttributes[SearchAttr.EdgeIds.name]).toEqual(expect.arrayContaining([SERIAL, `${HOST}/101`]));
      expect(await w.store.listOwed('outage-ticket/')).toEqual([outageTicketSubject(SERIAL)]);

      // Back up while the note is still owed: the resolve is queued behind it, not done first or dropped.
      const up: OutageCycleResult = await w.run(false);
      expect(up).toMatchObject({ inOutage: 0, owed: 1, ticketsResolved: 0 });
      const result: OwedWorkResult = await w.owedHandle().result();
      expect(result.delivered.map((d) => [d.kind, d.result, d.outcome])).toEqual([
        ['outage-ticket', 'delivered', 'ticket-unresolved'],
        ['resolve-outage-ticket', 'delivered', 'resolved'],
      ]);
      expect(await w.store.listOwed('')).toEqual([]);
    });
    expect(w.notesOf(ticketId)).toEqual(['outage', 'auto-resolve']);
    expect(w.bruin.calls.filter((c) => c.endsWith(ticketId))).toEqual([`unresolve ${ticketId}`, `resolve ${ticketId}`]);
    expect(w.bruin.tickets.find((t) => t.ticketId === ticketId)?.status).toBe('Resolved');
  });
});

describe('owed side effects: an auto-resolve note owed (time-skipping server)', () => {
  const ctx = useWorkflowTestEnv();

  it('an auto-resolve note Bruin does not take is owed; the edge goes down again; the resolve comes first, then the reopen', async () => {
    const w = world(ctx);
    const ticketId = w.bruin.seed({ clientId: '9001', serviceNumber: SERIAL, status: 'InProgress' });
    await w.inWorkers(async () => {
      w.bruin.notesDownUntil = (await ctx.env.currentTimeMs()) + 20 * 60_000;
      const up: OutageCycleResult = await w.run(false);
      expect(up).toMatchObject({ inOutage: 0, ticketsResolved: 0, owed: 1 });
      expect(up.resolveFailed).toBeUndefined();
      const down: OutageCycleResult = await w.run(true);
      expect(down).toMatchObject({ inOutage: 1, owed: 1 });
      expect(down.owedDevices?.[0].reason).toBe('earlier side effects of this device are still owed');
      const result: OwedWorkResult = await w.owedHandle().result();
      expect(result.delivered.map((d) => [d.kind, d.outcome])).toEqual([
        ['resolve-outage-ticket', 'resolved'],
        ['outage-ticket', 'ticket-unresolved'],
      ]);
    });
    expect(w.notesOf(ticketId)).toEqual(['auto-resolve', 'outage']);
    expect(w.bruin.tickets.find((t) => t.ticketId === ticketId)?.status).toBe('InProgress');
    expect(w.bruin.tickets.filter((t) => t.serviceNumber === SERIAL)).toHaveLength(1);
  });
});

describe("owed side effects: a new ticket's Slack alert owed (time-skipping server)", () => {
  const ctx = useWorkflowTestEnv();

  it("a new ticket's Slack alert past its retries is owed and posted once Slack answers, before the resolve that followed", async () => {
    const w = world(ctx);
    await w.inWorkers(async () => {
      w.slackDown((await ctx.env.currentTimeMs()) + 20 * 60_000);
      const down: OutageCycleResult = await w.run(true);
      expect(down).toMatchObject({ ticketsCreated: 1, owed: 1 });
      expect(down.owedDevices?.[0].reason).toMatch(/^Slack: .*service unavailable/);
      expect(w.slack).toEqual([]);
      const up: OutageCycleResult = await w.run(false);
      expect(up).toMatchObject({ owed: 1, ticketsResolved: 0 });
      const result: OwedWorkResult = await w.owedHandle().result();
      expect(result.delivered.map((d) => [d.kind, d.outcome])).toEqual([
        ['slack', 'posted'],
        ['resolve-outage-ticket', 'resolved'],
      ]);
      // Then the edge goes down again with nothing owed: the cycle acts itself, and the ticket is not alerted twice.
      const again: OutageCycleResult = await w.run(true);
      expect(again).toMatchObject({ ticketsUnresolved: 1 });
      expect(again.owed).toBeUndefined();
    });
    const [ticket] = w.bruin.tickets.filter((t) => t.serviceNumber === SERIAL);
    expect(w.slack).toEqual([expect.stringMatching(new RegExp(`^Outage ticket ${ticket.ticketId} created for edge`))]);
    expect(w.notesOf(ticket.ticketId)).toEqual(['outage', 'auto-resolve', 'outage']);
    expect(w.slackAt[0]).toBeGreaterThan(0);
  });
});

describe('owed side effects: the store down when a Slack alert is owed (time-skipping server)', () => {
  const ctx = useWorkflowTestEnv();

  it('the mark waits for the store, however long past its retries; then the alert is posted once', async () => {
    const w = world(ctx);
    await w.inWorkers(async () => {
      const now = await ctx.env.currentTimeMs();
      w.slackDown(now + 20 * 60_000);
      // An hour: far past the 3 minutes an app store call is otherwise retried.
      w.storeDown(now + 60 * 60_000);
      const down: OutageCycleResult = await w.run(true);
      expect(down).toMatchObject({ ticketsCreated: 1, owed: 1 });
      expect(down.recheckFailed).toBeUndefined();
      const result: OwedWorkResult = await w.owedHandle().result();
      expect(result.delivered.map((d) => [d.kind, d.outcome])).toEqual([['slack', 'posted']]);
      expect(await w.store.listOwed('')).toEqual([]);
    });
    const [ticket] = w.bruin.tickets.filter((t) => t.serviceNumber === SERIAL);
    expect(w.slack).toEqual([expect.stringMatching(new RegExp(`^Outage ticket ${ticket.ticketId} created for edge`))]);
  });
});

describe('owed side effects: a Hawkeye probe whose ticket Bruin does not take (time-skipping server)', () => {
  const ctx = useWorkflowTestEnv();

  it('the recheck is owed, not failed; the queue opens the ticket with its note and tells the NOC once', async () => {
    const hawkeye = new FakeHawkeye();
    hawkeye.probes = [{ serialNumber: 'B827EB000002', clientId: '9994', status: 'offline' }];
    const bruin = new FakeBruin();
    bruin.inventory['B827EB000002'] = '9994';
    const store = new SqliteAppStore(':memory:');
    const slack: string[] = [];
    const owners = async () =>
      new Map(((await store.customerCache('hawkeye'))?.entries ?? []).map((e) => [e.serialNumber, e.clientId]));
    let cached = new Map<string, string>();
    const probes = hawkeye.activities({ entries: () => cached });
    const { cycle, delivered } = await withWorkers(
      ctx,
      {
        orchestration: createAppStoreActivities(store),
        bruin: bruin.activities(),
        hawkeye: {
          ...probes,
          checkProbes: async (a: { offset: number; limit: number }) => {
            cached = await owners();
            return probes.checkProbes(a);
          },
        },
        notifier: recordingNotifier(slack),
        digi: recordingDigi([]),
      },
      async () => {
        bruin.notesDownUntil = (await ctx.env.currentTimeMs()) + 20 * 60_000;
        const cycle: OutageCycleResult = await ctx.env.client.workflow.execute(hawkeyeOutageMonitor, {
          taskQueue: 'orchestration',
          workflowId: 'hawkeye-outage-monitor-owed',
          args: [{ pageSize: 2 }],
        });
        const owed: OwedWorkResult = await ctx.env.client.workflow
          .getHandle(owedWorkWorkflowId(outageTicketSubject('B827EB000002')))
          .result();
        return { cycle, delivered: owed.delivered };
      },
    ).finally(() => store.close());
    expect(cycle).toMatchObject({ inOutage: 1, owed: 1 });
    expect(cycle.owedDevices).toEqual([
      { device: 'B827EB000002', reason: expect.stringMatching(/service unavailable/) },
    ]);
    expect(delivered.map((d) => [d.kind, d.outcome])).toEqual([['outage-ticket', 'ticket-created']]);
    const tickets = bruin.tickets.filter((t) => t.serviceNumber === 'B827EB000002');
    expect(tickets).toHaveLength(1);
    expect(bruin.notes.filter((n) => n.ticketId === tickets[0].ticketId)).toHaveLength(1);
    expect(slack).toEqual([
      `Outage ticket ${tickets[0].ticketId} created for Hawkeye probe probe-B827EB000002 (B827EB000002)`,
    ]);
  });
});

describe('owed side effects: a service-affecting step Slack does not take (time-skipping server)', () => {
  const ctx = useWorkflowTestEnv();

  it("is owed; its queue repeats the step under the first run's key: the note once, each email once, the Slack message once", async () => {
    const velocloud = new FakeVelocloud();
    velocloud.edges = [{ ...edge(true), serialNumber: 'VC1003', edgeId: 103 }];
    velocloud.troubles.set(103, linkTroubles({ ...healthyLink, latencyMs: { rx: 300, tx: 20 } }, DEFAULT_THRESHOLDS));
    const bruin = new FakeBruin();
    bruin.inventory['VC1003'] = '9001';
    const store = new SqliteAppStore(':memory:');
    const sent: string[] = [];
    const keys = new Set<string>();
    let slackDownUntil = 0;
    const send = (what: string, key: string) => {
      // The ledger's idempotency key: the same message asked twice is sent once.
      if (!keys.has(key)) sent.push(what);
      keys.add(key);
      return { outcome: 'sent' as const, providerId: 'x', idempotencyKey: key };
    };
    const notifier: NotifierActivities = {
      ...recordingNotifier([]),
      sendEmail: async (i) => send(`email ${String(i.to)}`, `${i.step}/${i.businessId}`),
      postSlackMessage: async (i) => {
        if (Context.current().info.currentAttemptScheduledTimestampMs < slackDownUntil)
          throw failureForStatus('slack', 'chat.postMessage', 503, 'service unavailable');
        return send('slack', `${i.step}/${i.businessId}`);
      },
    };
    const { scan, delivered } = await withWorkers(
      ctx,
      {
        orchestration: createAppStoreActivities(store),
        bruin: bruin.activities(),
        velocloud: velocloud.activities(),
        notifier,
      },
      async () => {
        slackDownUntil = (await ctx.env.currentTimeMs()) + 20 * 60_000;
        const scan = await ctx.env.client.workflow.execute(serviceAffectingMonitor, {
          taskQueue: 'orchestration',
          workflowId: 'service-affecting-monitor-owed',
          args: [
            {
              hosts: [HOST],
              thresholds: DEFAULT_THRESHOLDS,
              autoResolve: { dayMinutes: 90, nightMinutes: 90, maxPerTicket: 3, timeZone: 'America/New_York' },
              emailTo: ['noc@example.com', 'oncall@example.com'],
            },
          ],
        });
        const owed: OwedWorkResult = await ctx.env.client.workflow
          .getHandle(owedWorkWorkflowId(vasTicketSubject('VC1003')))
          .result();
        return { scan, delivered: owed.delivered };
      },
    ).finally(() => store.close());
    expect(scan).toMatchObject({ troubledEdges: 1, owed: 1, failures: [] });
    expect(delivered.map((d) => [d.kind, d.result])).toEqual([['service-affecting', 'delivered']]);
    const vas = bruin.tickets.filter((t) => t.category === 'VAS');
    expect(vas).toHaveLength(1);
    expect(bruin.notes.filter((n) => n.ticketId === vas[0].ticketId)).toHaveLength(1);
    expect(sent).toEqual(['email noc@example.com', 'email oncall@example.com', 'slack']);
  });
});
