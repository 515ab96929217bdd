import { Client } from '@temporalio/client';
import { createAppStoreActivities } from '../../activities/app-store/activities';
import type { NotifierActivities } from '../../activities/notifier/activities';
import { DEFAULT_THRESHOLDS, linkTroubles } from '../../domain/service-affecting';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { serviceAffectingMonitor } from '../../workflows';
import type { ServiceAffectingMonitorInput } from '../../workflows/service-affecting/service-affecting-monitor';
import { FakeBruin, FakeVelocloud, type FakeEdge } from '../helpers/fake-vendors';
import { useWorkflowTestEnv, withWorkers } from '../helpers/time-skipping';
import { healthyLink as link } from '../helpers/links';

const HOST = 'mettel.velocloud.net';
const fleet = (n: number): FakeEdge[] =>
  Array.from({ length: n }, (_, i) => ({
    host: HOST,
    enterpriseId: 1 + Math.floor(i / 5),
    edgeId: 100 + i,
    serialNumber: `VC${1000 + i}`,
    clientId: String(9000 + Math.floor(i / 5)),
    up: true,
  }));
const latency = linkTroubles({ ...link, latencyMs: { rx: 300, tx: 20 } }, DEFAULT_THRESHOLDS);
const jitterGe2 = linkTroubles({ ...link, interface: 'GE2', jitterMs: { rx: 90, tx: 3 } }, DEFAULT_THRESHOLDS);

/** A notifier that records what it was asked to send. */
function recorder() {
  const sent = { email: [] as string[], slack: [] as string[] };
  const ok = async () => ({ outcome: 'sent' as const, providerId: 'x', idempotencyKey: 'k' });
  const activities: NotifierActivities = {
    sendEmail: async (i) => (sent.email.push(`${i.to}: ${i.subject}`), ok()),
    postSlackMessage: async (i) => (sent.slack.push(i.text), ok()),
    sendSms: ok,
  };
  return { sent, activities };
}

describe('service-affecting monitor (time-skipping server)', () => {
  const ctx = useWorkflowTestEnv();
  const input = (over: Partial<ServiceAffectingMonitorInput> = {}): ServiceAffectingMonitorInput => ({
    hosts: [HOST],
    thresholds: DEFAULT_THRESHOLDS,
    // Day and night alike, so the test does not depend on the hour it runs at.
    autoResolve: { dayMinutes: 90, nightMinutes: 90, maxPerTicket: 3, timeZone: 'America/New_York' },
    emailTo: ['noc@example.com', 'oncall@example.com'],
    enterprisesPerBatch: 1,
    ...over,
  });

  /** A fleet, its fakes and a scan function that runs one monitor cycle. */
  function world(edges = 10) {
    const store = new SqliteAppStore(':memory:');
    const velocloud = new FakeVelocloud();
    velocloud.edges = fleet(edges);
    const bruin = new FakeBruin();
    for (const e of velocloud.edges) bruin.inventory[e.serialNumber] = e.clientId;
    const notifier = recorder();
    let n = 0;
    // A plain client: waiting on a result does not unlock time skipping, so the server's clock (which
    // the auto-resolve rule reads) moves only with env.sleep.
    const client = new Client({ connection: ctx.env.connection, namespace: ctx.env.namespace });
    const scan = (over: Partial<ServiceAffectingMonitorInput> = {}) =>
      client.workflow.execute(serviceAffectingMonitor, {
        taskQueue: 'orchestration',
        workflowId: `sa-${Math.random().toString(36).slice(2)}-${n++}`,
        args: [input(over)],
      });
    /** Runs a scenario of scans with the workers polling throughout. */
    const run = (scenario: () => Promise<void>) =>
      withWorkers(
        ctx,
        {
          orchestration: createAppStoreActivities(store),
          bruin: bruin.activities(),
          velocloud: velocloud.activities(),
          notifier: notifier.activities,
        },
        scenario,
      ).finally(() => store.close());
    return { velocloud, bruin, sent: notifier.sent, scan, run };
  }

  it('a new trouble: one VAS ticket with its note, one email per recipient and one Slack message; the same trouble next scan: nothing', async () => {
    const w = world();
    await w.run(async () => {
      w.velocloud.troubles.set(103, latency);
      const first = await w.scan();
      expect(first).toMatchObject({
        edgesChecked: 10,
        troubledEdges: 1,
        ticketsCreated: 1,
        ticketsNoted: 0,
        failures: [],
      });
      const vas = w.bruin.tickets.filter((t) => t.category === 'VAS');
      expect(vas).toEqual([
        expect.objectContaining({ serviceNumber: 'VC1003', clientId: '9000', status: 'InProgress' }),
      ]);
      expect(w.bruin.notes.map((n) => n.note)).toEqual([expect.stringContaining('Trouble: Latency\nInterface: GE1')]);
      expect(w.sent.email).toEqual([
        `noc@example.com: Service affecting: edge-103 (VC1003), ticket ${vas[0].ticketId}`,
        `oncall@example.com: Service affecting: edge-103 (VC1003), ticket ${vas[0].ticketId}`,
      ]);
      expect(w.sent.slack).toEqual([expect.stringContaining(`https://app.bruin.com/t/${vas[0].ticketId}`)]);

      const second = await w.scan();
      expect(second).toMatchObject({ troubledEdges: 1, ticketsCreated: 0, ticketsNoted: 0, nothingNew: 1 });
      expect(w.bruin.notes).toHaveLength(1);
      expect([w.sent.email.length, w.sent.slack.length]).toEqual([2, 1]);
    });
  });

  it('a second trouble on the same edge is noted on the same ticket; a Bruin outage on create is retried into one ticket', async () => {
    const w = world();
    await w.run(async () => {
      w.bruin.failNextCreates = 2;
      w.velocloud.troubles.set(104, latency);
      expect(await w.scan()).toMatchObject({ ticketsCreated: 1 });
      w.velocloud.troubles.set(104, [...latency, ...jitterGe2]);
      expect(await w.scan()).toMatchObject({ ticketsCreated: 0, ticketsNoted: 1 });
      expect(w.bruin.tickets.filter((t) => t.category === 'VAS')).toHaveLength(1);
      expect(w.bruin.notes.map((n) => /Trouble: (.*)\nInterface: (.*)/.exec(n.note)?.slice(1).join(' on '))).toEqual([
        'Latency on GE1',
        'Jitter on GE2',
      ]);
      expect(w.sent.slack).toHaveLength(2);
    });
  });

  it('auto-resolves a ticket whose edge is clear for the wait, three times at most', async () => {
    const w = world(5);
    await w.run(async () => {
      const ticket = () => w.bruin.tickets.find((t) => t.category === 'VAS')!;
      for (let round = 1; round <= 4; round++) {
        w.velocloud.troubles.set(101, latency);
        await w.scan();
        expect(ticket().status).toBe('InProgress');
        w.velocloud.troubles.clear();
        // Cleared, not long enough (after the third auto-resolve: never again automatically).
        expect(await w.scan()).toMatchObject(
          round <= 3 ? { ticketsResolved: 0, resolveWaiting: 1 } : { ticketsResolved: 0, resolveLimitReached: 1 },
        );
        await ctx.env.sleep('91 minutes');
        const cleared = await w.scan();
        if (round <= 3) {
          expect({ round, result: cleared }).toMatchObject({ round, result: { ticketsResolved: 1 } });
          expect(ticket().status).toBe('Resolved');
        } else {
          expect(cleared).toMatchObject({ ticketsResolved: 0, resolveLimitReached: 1 });
          expect(ticket().status).toBe('InProgress');
        }
      }
      // One ticket throughout, reopened by each returning trouble and noted again each time.
      expect(w.bruin.tickets.filter((t) => t.category === 'VAS')).toHaveLength(1);
      expect(w.bruin.calls.filter((c) => c.startsWith('unresolve'))).toHaveLength(3);
      expect(w.bruin.notes.filter((n) => n.note.includes('Trouble: Latency'))).toHaveLength(4);
    });
  });

  it('a fleet of more scan batches than a segment holds is scanned in segment children whose tallies add up', async () => {
    const w = world(30);
    await w.run(async () => {
      w.velocloud.troubles.set(103, latency);
      w.velocloud.troubles.set(125, latency);
      const dry = await w.scan({ batchesPerSegment: 1, dryRun: true });
      expect(dry).toMatchObject({ edgesChecked: 30, troubledEdges: 2, dryRun: true });
      expect(dry.intended.map((a) => ('edge' in a ? a.edge : a.ticketId)).sort()).toEqual([
        `${HOST}/103`,
        `${HOST}/125`,
      ]);
      const result = await w.scan({ batchesPerSegment: 1 });
      expect(result).toMatchObject({ edgesChecked: 30, troubledEdges: 2, ticketsCreated: 2, failures: [] });
      expect(
        w.bruin.tickets
          .filter((t) => t.category === 'VAS')
          .map((t) => t.serviceNumber)
          .sort(),
      ).toEqual(['VC1003', 'VC1025']);
    });
  });

  it('dry run: reports what it would do and changes nothing', async () => {
    const w = world();
    await w.run(async () => {
      w.velocloud.troubles.set(102, [...latency, ...jitterGe2]);
      const result = await w.scan({ dryRun: true });
      expect(result).toMatchObject({
        dryRun: true,
        troubledEdges: 1,
        ticketsCreated: 0,
        intended: [{ action: 'note-troubles', edge: `${HOST}/102`, troubles: ['Latency on GE1', 'Jitter on GE2'] }],
      });
      expect([w.bruin.tickets.length, w.bruin.notes.length, w.sent.email.length, w.sent.slack.length]).toEqual([
        0, 0, 0, 0,
      ]);
    });
  });

  it('an edge whose ticket Bruin refuses notes on is a failure of that edge; the others go on; waves bound the fan-out', async () => {
    const w = world();
    await w.run(async () => {
      for (const edgeId of [100, 101, 102, 103, 104]) w.velocloud.troubles.set(edgeId, latency);
      w.velocloud.discards = [{ device: `${HOST}/1/105/1`, reason: 'field "bestLatencyMsRx" Invalid input' }];
      const refused = w.bruin.seed({
        clientId: '9000',
        serviceNumber: 'VC1002',
        status: 'InProgress',
        category: 'VAS',
      });
      w.bruin.refuseNotesOn.add(refused);
      const result = await w.scan({ wave: 2 });
      expect(result).toMatchObject({ troubledEdges: 5, ticketsCreated: 4, discarded: 1 });
      expect(result.failures).toEqual([{ item: `edge ${HOST}/102`, reason: expect.stringMatching(/refuses notes/) }]);
      expect(result.discards).toEqual(w.velocloud.discards);
    });
  });
});
