import { MockActivityEnvironment } from '@temporalio/testing';
import type { BruinActivities } from '../../../activities/bruin/activities';
import type { VelocloudActivities } from '../../../activities/velocloud/activities';
import { failureOf } from '../../helpers/env';
import { sandboxVendorActivities, useTestSandbox } from '../../helpers/sandbox';

describe('VeloCloud activities against the sandbox: edges, links, events; vendor failures classified', () => {
  const sb = useTestSandbox('demo', (s) => {
    s.sandbox.eventPageLimit = 2048;
  });
  let bruin: BruinActivities;
  let velocloud: VelocloudActivities;

  beforeAll(() => {
    ({ bruin, velocloud } = sandboxVendorActivities(sb));
  });

  it('reads an edge and finds its Bruin client', async () => {
    const reading = await velocloud.edgeStatus({ host: 'mettel.velocloud.net', enterpriseId: 1, edgeId: 101 });
    expect(reading).toMatchObject({ name: 'acme-hq', serialNumber: 'VC05200028729', edgeState: 'CONNECTED' });
    expect(reading.links.map((l) => l.state)).toEqual(['STABLE', 'STABLE']);
    expect(await bruin.clientInfo({ serviceNumber: 'VC05200028729' })).toEqual({
      clientId: '9994',
      clientName: 'Acme Logistics',
    });
    expect(await bruin.clientInfo({ serviceNumber: 'NOPE' })).toBeNull();
  });

  it("reads an edge's events for an interval, oldest first, and rejects a reversed interval", async () => {
    const events = await velocloud.edgeEvents({
      host: 'mettel.velocloud.net',
      enterpriseId: 1,
      edgeId: 102,
      start: '2026-11-21T00:00:00Z',
      end: '2026-11-22T00:00:00Z',
    });
    expect(events.map((e) => e.event)).toEqual(['EDGE_DOWN', 'EDGE_UP']);
    expect(
      await velocloud.edgeEvents({
        host: 'mettel.velocloud.net',
        enterpriseId: 1,
        edgeId: 101,
        start: '2026-11-20T08:01:00Z',
        end: '2026-11-20T09:00:00Z',
      }),
    ).toEqual([
      expect.objectContaining({ event: 'LINK_ALIVE', severity: 'NOTICE', message: 'Link GE2 is now transmitting' }),
    ]);
    expect(
      (
        await failureOf(
          velocloud.edgeEvents({
            host: 'mettel.velocloud.net',
            enterpriseId: 1,
            edgeId: 101,
            start: '2026-11-22T00:00:00Z',
            end: '2026-11-21T00:00:00Z',
          }),
        )
      ).message,
    ).toMatch(/start <= end/);
  });

  it('fails non-retryably naming the field when VeloCloud sends a malformed edge', async () => {
    await sb.call('PATCH', '/_sandbox/velocloud/edges/mettel.velocloud.net%2F1%2F101', { edgeState: 'ON_FIRE' });
    const failure = await failureOf(
      velocloud.edgeStatus({ host: 'mettel.velocloud.net', enterpriseId: 1, edgeId: 101 }),
    );
    expect(failure).toMatchObject({ type: 'VendorContractError', nonRetryable: true });
    expect(failure.message).toMatch(/^velocloud getEdge response broke the contract: field "edgeState"/);
    await sb.call('PATCH', '/_sandbox/velocloud/edges/mettel.velocloud.net%2F1%2F101', {
      edgeState: 'OFFLINE',
      links: [{ id: 1, interface: 'GE1' }],
    });
    expect(
      (await failureOf(velocloud.edgeStatus({ host: 'mettel.velocloud.net', enterpriseId: 1, edgeId: 101 }))).message,
    ).toMatch(/field "links.0.state"/);
  });

  it("reads a recheck batch's edges in one activity: a broken or unknown edge is reported, the others read", async () => {
    await sb.call('PATCH', '/_sandbox/velocloud/edges/mettel.velocloud.net%2F1%2F101', { edgeState: 'ON_FIRE' });
    const edges = [101, 102, 999].map((edgeId) => ({ host: 'mettel.velocloud.net', enterpriseId: 1, edgeId }));
    const read = (await new MockActivityEnvironment().run(velocloud.edgeStatuses, { edges })) as Awaited<
      ReturnType<VelocloudActivities['edgeStatuses']>
    >;
    expect(read[0]).toEqual({ unreadable: expect.stringMatching(/^VendorContractError: .*field "edgeState"/) });
    expect(read[1]).toMatchObject({ serialNumber: 'VC05200039471', edgeState: expect.any(String) });
    expect(read[2]).toEqual({ unreadable: expect.stringMatching(/^VendorRejectedError: /) });
    // VeloCloud down fails the attempt (retried), rather than reporting every edge unreadable.
    await sb.call('POST', '/_sandbox/faults', { vendor: 'velocloud', errorRate: 1, statusCode: 502 });
    try {
      expect(
        await failureOf(new MockActivityEnvironment().run(velocloud.edgeStatuses, { edges: edges.slice(1, 2) })),
      ).toMatchObject({ type: 'VendorUnavailableError', nonRetryable: false });
    } finally {
      await sb.call('DELETE', '/_sandbox/faults');
    }
  });

  it('retries VeloCloud 5xx and Bruin 429 (with Retry-After), and rejects an unknown edge', async () => {
    await sb.call('POST', '/_sandbox/faults', { vendor: 'velocloud', errorRate: 1, statusCode: 502 });
    expect(
      await failureOf(velocloud.edgeStatus({ host: 'mettel.velocloud.net', enterpriseId: 1, edgeId: 101 })),
    ).toMatchObject({ type: 'VendorUnavailableError', nonRetryable: false });
    await sb.call('POST', '/_sandbox/faults', { vendor: 'bruin', errorRate: 1, statusCode: 429, retryAfterSeconds: 4 });
    expect(await failureOf(bruin.openOutageTickets({ clientId: '9994' }))).toMatchObject({
      type: 'VendorRateLimitedError',
      nextRetryDelay: '4s',
    });
    await sb.call('DELETE', '/_sandbox/faults');
    expect(
      await failureOf(velocloud.edgeStatus({ host: 'mettel.velocloud.net', enterpriseId: 1, edgeId: 999 })),
    ).toMatchObject({ type: 'VendorRejectedError', nonRetryable: true });
  });

  it('reads every event of an interval even when VeloCloud answers in capped parts', async () => {
    for (let i = 0; i < 5; i++) {
      await sb.call('POST', '/_sandbox/velocloud/events', {
        id: `mettel.velocloud.net/1/${100 + i}`,
        host: 'mettel.velocloud.net',
        enterpriseId: 1,
        edgeId: 101,
        edgeName: 'acme-hq',
        eventTime: `2026-11-22T10:0${i}:00.000Z`,
        event: i % 2 ? 'LINK_ALIVE' : 'LINK_DEAD',
        category: 'NETWORK',
        severity: i % 2 ? 'NOTICE' : 'ERROR',
        message: `event ${i}`,
      });
    }
    sb.sandbox.eventPageLimit = 2;
    const events = await velocloud.edgeEvents({
      host: 'mettel.velocloud.net',
      enterpriseId: 1,
      edgeId: 101,
      start: '2026-11-16T00:00:00Z',
      end: '2026-11-23T00:00:00Z',
    });
    expect(events.map((e) => e.message)).toEqual([
      'Link GE2 is no longer transmitting',
      'Link GE2 is now transmitting',
      'event 0',
      'event 1',
      'event 2',
      'event 3',
      'event 4',
    ]);
  });
});
