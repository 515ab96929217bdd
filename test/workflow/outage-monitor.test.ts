import { createAppStoreActivities } from '../../activities/app-store/activities';
import { createFlapActivities } from '../../activities/app-store/flaps';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { outageMonitor } from '../../workflows';
import { useWorkflowTestEnv, withWorkers } from '../helpers/time-skipping';
import { FakeBruin, FakeVelocloud, recordingDigi, recordingNotifier, type FakeEdge } from '../helpers/fake-vendors';

const HOST = 'mettel.velocloud.net';
const fleet = (n: number, perEnterprise: number, downEdges: number[] = []): FakeEdge[] =>
  Array.from({ length: n }, (_, i) => ({
    host: HOST,
    enterpriseId: 1 + Math.floor(i / perEnterprise),
    edgeId: 100 + i,
    serialNumber: `VC${1000 + i}`,
    clientId: String(9000 + Math.floor(i / perEnterprise)),
    up: !downEdges.includes(100 + i),
  }));

/** The queues an outage cycle uses, served by fakes over one store. */
const queues = (store: SqliteAppStore, velocloud: FakeVelocloud, bruin: FakeBruin, slack: string[]) => ({
  orchestration: { ...createAppStoreActivities(store), ...createFlapActivities(store.flaps) },
  bruin: bruin.activities(),
  velocloud: velocloud.activities(),
  notifier: recordingNotifier(slack),
  digi: recordingDigi([]),
});

describe('outage monitor workflow (time-skipping server)', () => {
  const ctx = useWorkflowTestEnv();

  /** Runs `cycles` monitor workflows at once against one fake fleet and one store. */
  async function monitor(
    velocloud: FakeVelocloud,
    bruin: FakeBruin,
    cycles: Array<Parameters<typeof outageMonitor>[0]>,
  ) {
    const store = new SqliteAppStore(':memory:');
    for (const e of velocloud.edges) bruin.inventory[e.serialNumber] = e.clientId;
    const slack: string[] = [];
    const id = `outage-monitor-${Math.random().toString(36).slice(2)}`;
    const results = await withWorkers(ctx, queues(store, velocloud, bruin, slack), () =>
      Promise.all(
        cycles.map((input, i) =>
          ctx.env.client.workflow.execute(outageMonitor, {
            taskQueue: 'orchestration',
            workflowId: `${id}-${i}`,
            args: [input],
          }),
        ),
      ),
    );
    await store.close();
    /** The activities the first cycle scheduled, by type. */
    const activityCounts = async () => {
      const counts: Record<string, number> = {};
      for (const e of (await ctx.env.client.workflow.getHandle(`${id}-0`).fetchHistory()).events ?? []) {
        const name = e.activityTaskScheduledEventAttributes?.activityType?.name;
        if (name) counts[name] = (counts[name] ?? 0) + 1;
      }
      return counts;
    };
    /** The children the first cycle started: type and workflow ID. */
    const children = async () =>
      ((await ctx.env.client.workflow.getHandle(`${id}-0`).fetchHistory()).events ?? []).flatMap((e) => {
        const start = e.startChildWorkflowExecutionInitiatedEventAttributes;
        return start ? [`${start.workflowType?.name} ${start.workflowId}`] : [];
      });
    return { results, slack, activityCounts, children };
  }

  it('builds the customer cache on first run, rechecks the faulty edge, and resolves tickets of healthy edges', async () => {
    const velocloud = new FakeVelocloud();
    velocloud.edges = fleet(30, 10, [105]);
    const bruin = new FakeBruin();
    const stale = bruin.seed({ clientId: '9001', serviceNumber: 'VC1012', status: 'InProgress' }); // edge 112 is healthy again
    const {
      results: [result],
      slack,
      activityCounts,
    } = await monitor(velocloud, bruin, [{ hosts: [HOST], enterprisesPerBatch: 2 }]);
    // Recovered edges' open tickets: one Bruin lookup for every client at once, not one per client.
    expect(await activityCounts()).toMatchObject({ openOutageTicketsOf: 1 });
    expect((await activityCounts()).openOutageTickets).toBeUndefined();
    expect(result).toMatchObject({
      edgesChecked: 30,
      unmonitored: 0,
      inOutage: 1,
      rechecksStarted: 1,
      alreadyRechecking: 0,
      ticketsCreated: 1,
      ticketsResolved: 1,
      dryRun: false,
      intendedActions: [],
    });
    expect(bruin.tickets.find((t) => t.ticketId === stale)?.status).toBe('Resolved');
    expect(bruin.tickets.filter((t) => t.serviceNumber === 'VC1005')).toHaveLength(1);
    expect(bruin.notes.map((n) => n.ticketId)).toEqual(expect.arrayContaining([stale]));
    expect(slack).toHaveLength(1);
  });

  it('a fleet of more check batches than a segment holds is checked in segment children whose tallies add up', async () => {
    const velocloud = new FakeVelocloud();
    velocloud.edges = fleet(30, 10, [105, 125]);
    const bruin = new FakeBruin();
    const stale = bruin.seed({ clientId: '9001', serviceNumber: 'VC1012', status: 'InProgress' });
    const {
      results: [result, dry],
      children,
    } = await monitor(velocloud, bruin, [
      { hosts: [HOST], enterprisesPerBatch: 1, batchesPerSegment: 1 },
      { hosts: [HOST], enterprisesPerBatch: 1, batchesPerSegment: 2, dryRun: true },
    ]);
    expect((await children()).filter((c) => c.startsWith('outageSegment '))).toHaveLength(3);
    expect(result).toMatchObject({
      edgesChecked: 30,
      inOutage: 2,
      rechecksStarted: 2,
      ticketsCreated: 2,
      ticketsResolved: 1,
      discarded: 0,
      dryRun: false,
    });
    expect(bruin.tickets.find((t) => t.ticketId === stale)?.status).toBe('Resolved');
    expect(dry).toMatchObject({ edgesChecked: 30, inOutage: 2, dryRun: true });
  });

  it('rechecks the faulty edges in batches: one child per batch, not per edge; a failed recheck is listed', async () => {
    const velocloud = new FakeVelocloud();
    velocloud.edges = fleet(30, 10, [101, 103, 105, 107, 111, 113, 121]);
    const bruin = new FakeBruin();
    const refused = bruin.seed({ clientId: '9002', serviceNumber: 'VC1021', status: 'Resolved' });
    bruin.refuseNotesOn.add(refused);
    const {
      results: [result],
      slack,
      children,
    } = await monitor(velocloud, bruin, [{ hosts: [HOST], enterprisesPerBatch: 2, edgesPerRecheck: 3 }]);
    expect(result).toMatchObject({ inOutage: 7, rechecksStarted: 7, ticketsCreated: 6, recheckFailed: 1 });
    expect(result.recheckFailures).toEqual([
      { device: `${HOST}/121`, reason: expect.stringMatching(/^Bruin: VendorRejectedError: .*refuses notes/) },
    ]);
    expect(slack).toHaveLength(6);
    // 7 faulty edges, 3 per batch: 3 batches (the customer cache's refresh is the other child).
    expect((await children()).filter((c) => !c.startsWith('customerCacheRefresh'))).toEqual(
      [1, 2, 3].map((n) => expect.stringMatching(new RegExp(`^outageRecheckBatch outage-recheck-batch/.*/${n}$`))),
    );
  });

  it('a recovered edge whose ticket Bruin fails on is reported and left for the next cycle; the rest of the cycle goes on', async () => {
    const velocloud = new FakeVelocloud();
    velocloud.edges = fleet(30, 10, [105]);
    const bruin = new FakeBruin();
    const stuck = bruin.seed({ clientId: '9001', serviceNumber: 'VC1012', status: 'InProgress' });
    const fine = bruin.seed({ clientId: '9002', serviceNumber: 'VC1022', status: 'InProgress' });
    bruin.refuseNotesOn.add(stuck);
    const {
      results: [result],
      slack,
    } = await monitor(velocloud, bruin, [{ hosts: [HOST], enterprisesPerBatch: 2 }]);
    expect(result).toMatchObject({ inOutage: 1, ticketsCreated: 1, ticketsResolved: 1, resolveFailed: 1 });
    expect(result.resolveFailures).toEqual([
      { clientId: '9001', ticketId: stuck, reason: expect.stringMatching(/^VendorRejectedError: .*refuses notes/) },
    ]);
    expect(bruin.tickets.find((t) => t.ticketId === stuck)?.status).toBe('InProgress');
    expect(bruin.tickets.find((t) => t.ticketId === fine)?.status).toBe('Resolved');
    expect(slack).toHaveLength(1);
  });

  it("Bruin refusing a batch's open-ticket lookup: each client of it is reported, and new outages still get tickets", async () => {
    const velocloud = new FakeVelocloud();
    velocloud.edges = fleet(30, 10, [105]);
    const bruin = new FakeBruin();
    const stale = bruin.seed({ clientId: '9001', serviceNumber: 'VC1012', status: 'InProgress' });
    bruin.refuseClientLookups = true;
    const {
      results: [result],
    } = await monitor(velocloud, bruin, [{ hosts: [HOST], enterprisesPerBatch: 2 }]);
    expect(result).toMatchObject({ inOutage: 1, ticketsCreated: 1, ticketsResolved: 0, resolveFailed: 3 });
    expect(result.resolveFailures?.map((f) => f.clientId).sort()).toEqual(['9000', '9001', '9002']);
    expect(result.resolveFailures?.[0].reason).toMatch(/^VendorRejectedError: .*lookup refused/);
    expect(bruin.tickets.find((t) => t.ticketId === stale)?.status).toBe('InProgress');
  });

  it('edges VeloCloud sent malformed are listed in the result; the cycle goes on with the rest', async () => {
    const velocloud = new FakeVelocloud();
    velocloud.edges = fleet(10, 10, [103]);
    velocloud.discards = [{ device: `${HOST}/1/199`, reason: 'field "edgeState" Invalid option' }];
    const bruin = new FakeBruin();
    const {
      results: [result],
    } = await monitor(velocloud, bruin, [{ hosts: [HOST], enterprisesPerBatch: 10 }]);
    expect(result).toMatchObject({ edgesChecked: 10, inOutage: 1, ticketsCreated: 1, discarded: 1 });
    expect(result.discards).toEqual([{ device: `${HOST}/1/199`, reason: 'field "edgeState" Invalid option' }]);
  });

  it('a cycle overlapping one whose rechecks are still running starts no duplicate recheck or ticket', async () => {
    const velocloud = new FakeVelocloud();
    velocloud.edges = fleet(20, 5, [101, 117]);
    let release = () => undefined as void;
    velocloud.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const bruin = new FakeBruin();
    for (const e of velocloud.edges) bruin.inventory[e.serialNumber] = e.clientId;
    const store = new SqliteAppStore(':memory:');
    const scenario = async () => {
      const first = await ctx.env.client.workflow.start(outageMonitor, {
        taskQueue: 'orchestration',
        workflowId: 'overlap-a',
        args: [{ hosts: [HOST], recheckDelay: '0s' }],
      });
      // Both of the first cycle's rechecks are now inside their VeloCloud read, held by the gate.
      for (let i = 0; i < 600 && velocloud.reads < 2; i++) await new Promise((r) => setTimeout(r, 50));
      const second = await ctx.env.client.workflow.execute(outageMonitor, {
        taskQueue: 'orchestration',
        workflowId: 'overlap-b',
        args: [{ hosts: [HOST], recheckDelay: '0s' }],
      });
      release();
      return [await first.result(), second];
    };
    const [first, second] = await withWorkers(ctx, queues(store, velocloud, bruin, []), scenario);
    await store.close();
    expect(first).toMatchObject({ inOutage: 2, rechecksStarted: 2, alreadyRechecking: 0, ticketsCreated: 2 });
    expect(second).toMatchObject({ inOutage: 2, rechecksStarted: 0, alreadyRechecking: 2, ticketsCreated: 0 });
    expect(bruin.tickets.map((t) => t.serviceNumber).sort()).toEqual(['VC1001', 'VC1017']);
    expect(bruin.calls.filter((c) => c.startsWith('create'))).toHaveLength(2);
  });

  it('dry run reports what it would do and changes nothing', async () => {
    const velocloud = new FakeVelocloud();
    velocloud.edges = fleet(10, 5, [103]);
    const bruin = new FakeBruin();
    const stale = bruin.seed({ clientId: '9001', serviceNumber: 'VC1007', status: 'InProgress' });
    const {
      results: [result],
      slack,
    } = await monitor(velocloud, bruin, [{ hosts: [HOST], dryRun: true }]);
    expect(result).toMatchObject({ dryRun: true, inOutage: 1, ticketsCreated: 0, ticketsResolved: 0 });
    expect(result.intendedActions).toEqual(
      expect.arrayContaining([
        { action: 'create-ticket', serviceNumber: 'VC1003' },
        { action: 'resolve-ticket', ticketId: stale },
      ]),
    );
    expect(bruin.calls).toEqual([]);
    expect(bruin.tickets.find((t) => t.ticketId === stale)?.status).toBe('InProgress');
    expect(slack).toEqual([]);
  });

  it('a storm in a real cycle: one message for the enterprise, the others alone; in a dry run, a storm-alert listed', async () => {
    // Enterprise 1: edges 100-104 all down (5 tickets); enterprise 2: edge 105 down alone.
    const down = [100, 101, 102, 103, 104, 105];
    const velocloud = new FakeVelocloud();
    velocloud.edges = fleet(10, 5, down);
    const dry = await monitor(velocloud, new FakeBruin(), [{ hosts: [HOST], dryRun: true, stormMinTickets: 5 }]);
    expect(dry.results[0].intendedActions).toEqual(
      expect.arrayContaining([{ action: 'storm-alert', enterprise: `${HOST}/1`, tickets: 5 }]),
    );
    expect(dry.slack).toEqual([]);

    const bruin = new FakeBruin();
    const real = await monitor(velocloud, bruin, [{ hosts: [HOST], stormMinTickets: 5, edgesPerRecheck: 2 }]);
    expect(real.results[0]).toMatchObject({ ticketsCreated: 6, storms: [{ enterprise: `${HOST}/1`, tickets: 5 }] });
    // One message for enterprise 1's five tickets, held across three recheck batches; enterprise 2's alone.
    expect(real.slack.filter((t) => t.includes('*Outage storm*: 5 new outage tickets for enterprise 1'))).toHaveLength(
      1,
    );
    expect(real.slack.filter((t) => t.startsWith('Outage ticket '))).toEqual([
      expect.stringMatching(/^Outage ticket \d+ created for edge edge-VC1005 /),
    ]);
    expect(real.slack).toHaveLength(2);
  });

  it('an edge flapping every cycle: one ticket held open, one flapping note, one alert; resolved once stable', async () => {
    const velocloud = new FakeVelocloud();
    velocloud.edges = fleet(4, 4, [102]);
    const bruin = new FakeBruin();
    for (const e of velocloud.edges) bruin.inventory[e.serialNumber] = e.clientId;
    const store = new SqliteAppStore(':memory:');
    velocloud.flaps = store.flaps;
    const slack: string[] = [];
    // The test server jumps idle time to the 10-year execution timeouts of finished recheck batches, so cycles are
    // minutes or decades apart: the window and the stable time are longer than any run of such jumps here.
    const stableSeconds = 2e10;
    const flap = { transitions: 3, windowSeconds: 1e12, stableSeconds };
    const flapper = velocloud.edges[2];
    const results = await withWorkers(ctx, queues(store, velocloud, bruin, slack), async () => {
      const run = async (i: number, dryRun = false) =>
        ctx.env.client.workflow.execute(outageMonitor, {
          taskQueue: 'orchestration',
          workflowId: `flapping-${i}${dryRun ? '-dry' : ''}-${Math.random().toString(36).slice(2)}`,
          args: [{ hosts: [HOST], flap, dryRun }],
        });
      const out = [];
      // 20 cycles, the edge down in even ones and up in odd ones; then up, unchanged.
      for (let i = 0; i < 20; i++) {
        flapper.up = i % 2 === 1;
        out.push(await run(i));
        await ctx.env.sleep('3m');
      }
      out.push(await run(20, true)); // a dry run sees it flapping and changes nothing
      out.push(await run(20));
      await ctx.env.sleep(stableSeconds * 1000);
      out.push(await run(21));
      return out;
    });
    await store.close();
    const ticket = bruin.tickets.filter((t) => t.serviceNumber === flapper.serialNumber);
    expect(ticket).toHaveLength(1);
    const calls = (what: string) => bruin.calls.filter((c) => c === `${what} ${ticket[0].ticketId}`).length;
    // Found flapping on its third change (cycle 2): before that the seed's rules resolved and reopened it once;
    // from then on no churn, until it has been stable for the stable time.
    expect(calls('resolve')).toBe(2);
    expect(calls('unresolve')).toBe(1);
    expect(ticket[0].status).toBe('Resolved');
    const notes = bruin.notes.filter((n) => n.ticketId === ticket[0].ticketId).map((n) => n.note);
    expect(notes.filter((n) => n.includes('Edge flapping'))).toHaveLength(1);
    expect(notes.find((n) => n.includes('Edge flapping'))).toContain(`changed state 3 times between`);
    expect(notes.filter((n) => n.includes('stable again after flapping'))).toHaveLength(1);
    expect(notes.find((n) => n.includes('stable again after flapping'))).toContain('changed state 20 times');
    expect(notes.filter((n) => n.includes('is healthy again'))).toHaveLength(1); // the one resolve before cycle 2
    expect(slack).toHaveLength(1);
    const real = results.filter((r) => !r.dryRun);
    expect(real.slice(0, 2).map((r) => r.flapping)).toEqual([undefined, undefined]);
    expect(real[2].flapping).toEqual({ flapping: 1, noted: 1, notePending: 0 });
    expect(real.slice(3, 21).map((r) => [r.flapping?.noted, r.ticketsResolved, r.ticketsUnresolved])).toEqual(
      Array(18).fill([0, 0, 0]),
    );
    expect(real[21]).toMatchObject({ settled: 1, ticketsResolved: 1 });
    const dry = results.find((r) => r.dryRun);
    expect(dry?.flapping?.flapping).toBe(1);
    expect(dry?.intendedActions).not.toContainEqual(expect.objectContaining({ action: 'resolve-ticket' }));
  });
});
