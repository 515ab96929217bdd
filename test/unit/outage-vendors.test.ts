import { MockActivityEnvironment } from '@temporalio/testing';
import type { BruinActivities } from '../../activities/bruin/activities';
import { createDigiActivities } from '../../activities/digi/activities';
import { createDigiHttp } from '../../activities/digi/client';
import { createHawkeyeActivities } from '../../activities/hawkeye/activities';
import { createHawkeyeHttp } from '../../activities/hawkeye/client';
import type { VelocloudActivities } from '../../activities/velocloud/activities';
import { classifyEdge, outageNote } from '../../domain/outage';
import { AUTOMATION_MARKER } from '../../domain/ticket-notes';
import { outageRecheckWorkflowId, parseOutageRecheckWorkflowId } from '../../domain/workflow-ids';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { failureOf, testConfig } from '../helpers/env';
import { sandboxVendorActivities, startTestSandbox, type TestSandbox } from '../helpers/sandbox';

describe('outage rules', () => {
  const link = (state: 'STABLE' | 'DISCONNECTED' | 'UNSTABLE') => ({ interface: 'GE1', displayName: 'GE1 ISP', state });
  it('calls an edge in outage when it is offline or a link is disconnected', () => {
    expect(classifyEdge({ edgeState: 'CONNECTED', links: [link('STABLE')] })).toEqual({ outage: false });
    expect(classifyEdge({ edgeState: 'CONNECTED', links: [link('UNSTABLE')] })).toEqual({ outage: false });
    expect(classifyEdge({ edgeState: 'OFFLINE', links: [] })).toEqual({
      outage: true,
      reason: 'edge-offline',
      disconnectedLinks: [],
    });
    expect(classifyEdge({ edgeState: 'CONNECTED', links: [link('STABLE'), link('DISCONNECTED')] })).toEqual({
      outage: true,
      reason: 'link-disconnected',
      disconnectedLinks: ['GE1 ISP'],
    });
    expect(classifyEdge({ edgeState: 'NEVER_ACTIVATED', links: [link('DISCONNECTED')] })).toEqual({ outage: false });
  });

  it('writes an outage note under the Bruin limit, with the marker, even with many links', () => {
    const edge = {
      host: 'h',
      enterpriseId: 1,
      edgeId: 2,
      name: 'e',
      serialNumber: 'VC1',
      clientId: '9',
      edgeState: 'OFFLINE' as const,
      links: Array.from({ length: 60 }, (_, i) => ({
        interface: `GE${i}`,
        displayName: `GE${i} long ISP display name`,
        state: 'DISCONNECTED' as const,
      })),
    };
    const note = outageNote(
      edge,
      { outage: true, reason: 'edge-offline', disconnectedLinks: [] },
      '2026-11-23T10:00:00.000Z',
    );
    expect(note.startsWith(AUTOMATION_MARKER)).toBe(true);
    expect(note.length).toBeLessThanOrEqual(1500);
    expect(note.endsWith('[truncated]')).toBe(true);
  });

  it('builds recheck workflow IDs per orchestrator host and edge, and parses them back', () => {
    expect(outageRecheckWorkflowId('mettel.velocloud.net', 101)).toBe('outage-recheck/mettel.velocloud.net/101');
    expect(parseOutageRecheckWorkflowId('outage-recheck/mettel.velocloud.net/101')).toEqual({
      host: 'mettel.velocloud.net',
      edgeId: 101,
    });
    expect(parseOutageRecheckWorkflowId('outage-recheck/x')).toBeUndefined();
    expect(() => outageRecheckWorkflowId('a/b', 1)).toThrow(/contain no "\/"/);
  });
});

describe('Bruin, VeloCloud and Digi activities against the sandbox', () => {
  let sb: TestSandbox;
  let bruin: BruinActivities;
  let velocloud: VelocloudActivities;
  beforeAll(async () => {
    sb = await startTestSandbox('demo');
    ({ bruin, velocloud } = sandboxVendorActivities(sb));
  });
  afterAll(async () => {
    await sb.close();
  });
  beforeEach(async () => {
    await sb.call('POST', '/_sandbox/reset', { scenario: 'demo' });
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

  it('creates an outage ticket once; Bruin then answers in-progress, and after resolving, resolved', async () => {
    const created = await bruin.createOutageTicket({ clientId: '9994', serviceNumber: 'VC05200039471' });
    expect(created.outcome).toBe('created');
    expect(await bruin.createOutageTicket({ clientId: '9994', serviceNumber: 'VC05200039471' })).toEqual({
      outcome: 'in-progress-exists',
      ticketId: created.ticketId,
    });
    expect((await bruin.openOutageTickets({ clientId: '9994' })).map((t) => t.ticketId)).toEqual([created.ticketId]);
    expect((await bruin.openOutageTickets({ serviceNumber: 'VC05200039471' })).map((t) => t.ticketId)).toEqual([
      created.ticketId,
    ]);
    await bruin.resolveOutageTicket({ ticketId: created.ticketId, serviceNumber: 'VC05200039471' });
    expect((await bruin.resolvedOutageTickets({ serviceNumber: 'VC05200039471' })).map((t) => t.ticketId)).toEqual([
      created.ticketId,
    ]);
    expect((await failureOf(bruin.openOutageTickets({}))).message).toMatch(/give "clientId" or "serviceNumber"/);
    expect(await bruin.createOutageTicket({ clientId: '9994', serviceNumber: 'VC05200039471' })).toEqual({
      outcome: 'resolved-exists',
      ticketId: created.ticketId,
    });
    await bruin.unresolveOutageTicket({ ticketId: created.ticketId, serviceNumber: 'VC05200039471' });
    const note = (await new MockActivityEnvironment().run(bruin.appendTicketNote, {
      ticketId: created.ticketId,
      note: `${AUTOMATION_MARKER}\nEdge offline`,
    })) as Awaited<ReturnType<BruinActivities['appendTicketNote']>>;
    const state = (await sb.call('GET', '/_sandbox/state')).json as {
      vendors: {
        bruin: {
          tickets: Record<string, { ticketStatus: string }>;
          notes: Record<string, { ticketId: string; noteValue: string }>;
        };
      };
    };
    expect(state.vendors.bruin.tickets[created.ticketId].ticketStatus).toBe('InProgress');
    expect(state.vendors.bruin.notes[note.noteId]).toMatchObject({
      ticketId: created.ticketId,
      noteValue: `${AUTOMATION_MARKER}\nEdge offline`,
    });
  });

  it('refuses notes without the marker or of 1,500 characters or more, before calling Bruin', async () => {
    expect(await failureOf(bruin.appendTicketNote({ ticketId: '1', note: 'hello' }))).toMatchObject({
      type: 'InvalidInputError',
      nonRetryable: true,
    });
    const long = await failureOf(
      bruin.appendTicketNote({ ticketId: '1', note: `${AUTOMATION_MARKER}${'x'.repeat(1500)}` }),
    );
    expect(long.message).toMatch(/field "note" is 1516 characters; at most 1499/);
    // Bruin refuses 1,500 or more (seed 002): exactly 1,500 is refused too.
    const exactly1500 = await failureOf(
      bruin.appendTicketNote({
        ticketId: '1',
        note: `${AUTOMATION_MARKER}${'x'.repeat(1500 - AUTOMATION_MARKER.length)}`,
      }),
    );
    expect(exactly1500.message).toMatch(/is 1500 characters; at most 1499/);
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

  it('pages through Hawkeye probes, reads one, and refuses a malformed probe naming the field', async () => {
    const hawkeye = createHawkeyeActivities(createHawkeyeHttp(testConfig(sb.env).vendors.hawkeye));
    expect(await hawkeye.probeInventory({ offset: 0, limit: 1 })).toEqual({
      total: 2,
      serialNumbers: ['B827EB0A7C11'],
    });
    expect(await hawkeye.probeInventory({ offset: 1, limit: 5 })).toEqual({
      total: 2,
      serialNumbers: ['B827EB92EB72'],
    });
    expect(await hawkeye.probeStatus({ serialNumber: 'B827EB92EB72' })).toMatchObject({
      name: 'acme-hq-probe',
      status: 'online',
    });
    await sb.call('PATCH', '/_sandbox/hawkeye/devices/B827EB92EB72', { status: 'sleeping' });
    const failure = await failureOf(hawkeye.probeStatus({ serialNumber: 'B827EB92EB72' }));
    expect(failure).toMatchObject({ type: 'VendorContractError', nonRetryable: true });
    expect(failure.message).toMatch(/field "status"/);
    expect(await failureOf(hawkeye.probeStatus({ serialNumber: 'NOPE' }))).toMatchObject({
      type: 'VendorRejectedError',
    });
  });

  it('checks a page of Hawkeye probes against the customer cache: owned probes classified, the rest unmonitored', async () => {
    const store = new SqliteAppStore(':memory:');
    await store.stageCustomerCache('hawkeye', 'g1', [{ serialNumber: 'B827EB92EB72', clientId: '9994' }]);
    await store.commitCustomerCache('hawkeye', 'g1', '2026-11-24T00:00:00Z');
    const hawkeye = createHawkeyeActivities(createHawkeyeHttp(testConfig(sb.env).vendors.hawkeye), store);
    expect(await hawkeye.checkProbes({ offset: 0, limit: 10 })).toEqual({
      total: 2,
      checked: 1,
      unmonitored: 1,
      faulty: [],
      healthy: [{ clientId: '9994', serialNumbers: ['B827EB92EB72'] }],
    });
    await sb.call('PATCH', '/_sandbox/hawkeye/devices/B827EB92EB72', { status: 'offline' });
    expect(await hawkeye.checkProbes({ offset: 0, limit: 10 })).toMatchObject({
      checked: 1,
      faulty: [{ serialNumber: 'B827EB92EB72', clientId: '9994', status: 'offline', name: 'acme-hq-probe' }],
      healthy: [],
    });
    await store.close();
    const withoutCache = createHawkeyeActivities(createHawkeyeHttp(testConfig(sb.env).vendors.hawkeye));
    await expect(withoutCache.checkProbes({ offset: 0, limit: 1 })).rejects.toThrow(/without the customer cache/);
  });

  it('reboots a Digi device, and rejects an unknown or malformed serial', async () => {
    const digi = createDigiActivities(createDigiHttp(testConfig(sb.env).vendors.digi));
    expect(await digi.rebootDevice({ serial: 'VC05200039471' })).toEqual({ status: 'rebooting' });
    const state = (await sb.call('GET', '/_sandbox/state')).json as {
      vendors: { digi: { devices: Record<string, { rebootRequests: number }> } };
    };
    expect(state.vendors.digi.devices.VC05200039471.rebootRequests).toBe(1);
    expect(await failureOf(digi.rebootDevice({ serial: 'UNKNOWN1' }))).toMatchObject({
      type: 'VendorRejectedError',
      nonRetryable: true,
    });
    expect((await failureOf(digi.rebootDevice({ serial: '../x' }))).message).toMatch(/field "serial" is invalid/);
  });
});
