import { MockActivityEnvironment } from '@temporalio/testing';
import type { ServiceAffectingScan } from '../../../activities/processes/service-affecting';
import { createVelocloudActivities } from '../../../activities/velocloud/activities';
import { createVelocloudClient } from '../../../activities/velocloud/client';
import { clearLevelsAt, DEFAULT_THRESHOLDS } from '../../../domain/service-affecting';
import { SqliteAppStore } from '../../../store/sqlite-app-store';
import { testConfig } from '../../helpers/env';
import { sandboxVendorActivities, useTestSandbox } from '../../helpers/sandbox';

const HOST = 'mettel.velocloud.net';
const link = (id: number, iface: string, extra: Record<string, unknown> = {}) => ({
  id,
  interface: iface,
  displayName: `${iface} ISP`,
  state: 'STABLE',
  ...extra,
});

describe('service-affecting scan and VAS tickets against the sandbox (issue 19)', () => {
  const sb = useTestSandbox('demo', (s) => {
    s.sandbox.eventPageLimit = 4; // the instability count reads every capped part
  });
  let store: SqliteAppStore;
  beforeAll(async () => {
    store = new SqliteAppStore(':memory:');
    await store.stageCustomerCache('velocloud', 'g1', [
      { host: HOST, enterpriseId: 1, edgeId: 101, serialNumber: 'VC05200028729', clientId: '9994' },
      { host: HOST, enterpriseId: 1, edgeId: 102, serialNumber: 'VC05200039471', clientId: '9994' },
      { host: HOST, enterpriseId: 2, edgeId: 201, serialNumber: 'VC05400011823', clientId: '7311' },
    ]);
    await store.commitCustomerCache('velocloud', 'g1', new Date().toISOString());
  });
  afterAll(async () => {
    await store.close();
  });
  /** The scan as a worker runs it: inside an activity context (it heartbeats its progress). */
  const scanServiceAffecting = (
    input: Parameters<ReturnType<typeof createVelocloudActivities>['scanServiceAffecting']>[0],
  ) => {
    const activities = createVelocloudActivities(
      createVelocloudClient({ ...testConfig(sb.env).vendors.velocloud, token: 'token' }),
      store,
    );
    return new MockActivityEnvironment().run(activities.scanServiceAffecting, input) as Promise<ServiceAffectingScan>;
  };

  it('one metrics read and one events read per enterprise: troubles per link, instability per edge, a malformed record discarded', async () => {
    const at = new Date();
    const minutesAgo = (m: number) => new Date(at.getTime() - m * 60_000).toISOString();
    // acme-hq: GE1 over the wired latency threshold; GE2 wireless, over the wired one but under its own.
    await sb.call('PATCH', `/_sandbox/velocloud/edges/${encodeURIComponent(`${HOST}/1/101`)}`, {
      links: [
        link(1011, 'GE1', { bestLatencyMsRx: 300 }),
        link(1012, 'GE2', { bestLatencyMsTx: 250, serviceGroups: ['PUBLIC_WIRELESS'] }),
      ],
    });
    // acme-warehouse: VeloCloud sends its only link's loss as text.
    await sb.call('PATCH', `/_sandbox/velocloud/edges/${encodeURIComponent(`${HOST}/1/102`)}`, {
      links: [link(1021, 'GE1', { bestLossPctRx: 'lots' })],
    });
    // blue-harbor-main: 10 LINK_DEAD in the last hour (the threshold), and older ones that do not count.
    for (let i = 0; i < 12; i++)
      await sb.call('POST', '/_sandbox/velocloud/events', {
        id: `${HOST}/2/${900 + i}`,
        host: HOST,
        enterpriseId: 2,
        edgeId: 201,
        edgeName: 'blue-harbor-main',
        eventTime: minutesAgo(i < 10 ? 5 * i + 1 : 90 + i),
        event: 'LINK_DEAD',
        category: 'NETWORK',
        severity: 'ERROR',
        message: 'Link GE1 is no longer transmitting',
      });
    const scan = await scanServiceAffecting({
      host: HOST,
      enterpriseIds: [1, 2],
      thresholds: DEFAULT_THRESHOLDS,
      at: at.toISOString(),
    });
    expect(scan.checked).toBe(2);
    expect(scan.discards).toEqual([
      { device: `${HOST}/1/102/1021`, reason: expect.stringMatching(/field "bestLossPctRx"/) },
    ]);
    expect(
      scan.troubled.map((e) => [e.edgeName, e.clientId, e.troubles.map((t) => `${t.trouble} on ${t.interface}`)]),
    ).toEqual([
      ['acme-hq', '9994', ['Latency on GE1']],
      ['blue-harbor-main', '7311', ['Circuit Instability on all']],
    ]);
    expect(scan.troubled[0].troubles[0]).toMatchObject({ threshold: '140 ms', measured: 'Rx 300 ms, Tx 21 ms' });
    expect(scan.clear).toEqual([]);
  });

  it('reports every healthy edge as clear, per Bruin client, and refuses a bad scan time', async () => {
    const scan = await scanServiceAffecting({
      host: HOST,
      enterpriseIds: [1, 2],
      thresholds: DEFAULT_THRESHOLDS,
      at: new Date().toISOString(),
    });
    expect([scan.checked, scan.troubled]).toEqual([3, []]);
    expect(scan.clear).toEqual([
      { clientId: '9994', serialNumbers: ['VC05200028729', 'VC05200039471'] },
      { clientId: '7311', serialNumbers: ['VC05400011823'] },
    ]);
    await expect(
      scanServiceAffecting({ host: HOST, enterpriseIds: [1], thresholds: DEFAULT_THRESHOLDS, at: 'now' }),
    ).rejects.toThrow(/"at" must be an ISO instant/);
  });

  it('hysteresis: packet loss between the clear level (6.4 %) and the threshold (8 %) holds the edge, neither troubled nor clear', async () => {
    const edge = `/_sandbox/velocloud/edges/${encodeURIComponent(`${HOST}/2/201`)}`;
    const scanAt = async (lossPct: number) => {
      await sb.call('PATCH', edge, { links: [link(2011, 'GE1', { bestLossPctRx: lossPct })] });
      return scanServiceAffecting({
        host: HOST,
        enterpriseIds: [2],
        thresholds: DEFAULT_THRESHOLDS,
        at: new Date().toISOString(),
      });
    };
    const raised = await scanAt(8.5);
    expect(raised.troubled.map((e) => e.troubles.map((t) => t.trouble))).toEqual([['Packet Loss']]);
    expect(raised.holding).toBe(0);
    for (const held of [7.5, 6.4]) {
      const scan = await scanAt(held);
      expect([scan.troubled, scan.holding, scan.clear]).toEqual([[], 1, []]);
    }
    const cleared = await scanAt(6.3);
    expect([cleared.troubled, cleared.holding, cleared.clear]).toEqual([
      [],
      0,
      [{ clientId: '7311', serialNumbers: ['VC05400011823'] }],
    ]);
    // A clear level set at the threshold turns hysteresis off.
    await sb.call('PATCH', edge, { links: [link(2011, 'GE1', { bestLossPctRx: 7.5 })] });
    const off = await scanServiceAffecting({
      host: HOST,
      enterpriseIds: [2],
      thresholds: { ...DEFAULT_THRESHOLDS, clearLevels: clearLevelsAt(DEFAULT_THRESHOLDS, 1) },
      at: new Date().toISOString(),
    });
    expect(off.holding).toBe(0);
    await sb.call('PATCH', edge, { links: [link(2011, 'GE1')] });
  });

  it('VAS tickets live beside outage tickets: created once, listed apart, reopened like them', async () => {
    const { bruin } = sandboxVendorActivities(sb);
    const first = await bruin.createVasTicket({ clientId: '9994', serviceNumber: 'VC05200028729' });
    expect(first.outcome).toBe('created');
    expect(await bruin.createVasTicket({ clientId: '9994', serviceNumber: 'VC05200028729' })).toEqual({
      outcome: 'in-progress-exists',
      ticketId: first.ticketId,
    });
    // The monitor's bulk lookup: only the asked serials' tickets, every client in one activity.
    const of = (clients: Array<{ clientId: string; serialNumbers: string[] }>) =>
      new MockActivityEnvironment().run(bruin.openVasTicketsOf, { clients }) as ReturnType<
        typeof bruin.openVasTicketsOf
      >;
    expect((await of([{ clientId: '9994', serialNumbers: ['VC05200028729'] }])).map((t) => t.ticketId)).toEqual([
      first.ticketId,
    ]);
    expect((await bruin.openOutageTickets({ clientId: '9994' })).map((t) => t.ticketId)).not.toContain(first.ticketId);
    expect(
      (
        await of([
          { clientId: '9994', serialNumbers: ['VC05200028729'] },
          { clientId: '7311', serialNumbers: ['VC05400011823'] },
        ])
      ).map((t) => t.ticketId),
    ).toEqual([first.ticketId]);
    expect(await of([{ clientId: '9994', serialNumbers: ['VC05200039471'] }])).toEqual([]);
    // An outage ticket for the same edge is another ticket.
    expect((await bruin.createOutageTicket({ clientId: '9994', serviceNumber: 'VC05200028729' })).outcome).toBe(
      'created',
    );
    await bruin.resolveOutageTicket({ ticketId: first.ticketId, serviceNumber: 'VC05200028729' });
    expect(await bruin.createVasTicket({ clientId: '9994', serviceNumber: 'VC05200028729' })).toEqual({
      outcome: 'resolved-exists',
      ticketId: first.ticketId,
    });
  });
});
