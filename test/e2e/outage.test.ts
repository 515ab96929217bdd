import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { connectClient } from '../../clients/temporal';
import type { AppConfig } from '../../config';
import { AUTOMATION_MARKER } from '../../domain/outage';
import { createLogger } from '../../observability/logger';
import { applySchedules } from '../../schedules/apply';
import { scheduleDefinitions } from '../../schedules/definitions';
import { SqliteLedger } from '../../store/sqlite-ledger';
import type { OutageMonitorResult } from '../../workflows/outage/outage-monitor';
import { startPools, type PoolSet } from '../../workers/pools';
import { installRuntime } from '../../workers/runtime';
import { startTestDevServer } from '../helpers/dev-server';
import { tempDir, testConfig } from '../helpers/env';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox';

type Tickets = Record<string, { serviceNumber: string; ticketStatus: string; category: string }>;
type Notes = Record<string, { ticketId: string; noteValue: string }>;

describe('end to end: the outage monitor schedule against the sandbox', () => {
  let server: Awaited<ReturnType<typeof startTestDevServer>>;
  let sb: TestSandbox;
  let pools: PoolSet;
  let connection: NativeConnection;
  let store: SqliteLedger;
  let client: Client;
  let config: AppConfig;

  beforeAll(async () => {
    server = await startTestDevServer();
    sb = await startTestSandbox('demo');
    config = testConfig({ TEMPORAL_ADDRESS: server.address, ...sb.env });
    const logger = createLogger('warn', 'e2e');
    installRuntime(logger, 0);
    store = new SqliteLedger(join(tempDir('outage'), 'app.sqlite'));
    connection = await NativeConnection.connect({ address: server.address });
    pools = await startPools(config, { connection, ledger: store, logger });
    void pools.run();
    client = await connectClient(config);
    await applySchedules(client, scheduleDefinitions(config));
    // Only the outage monitor fires in this test, and only when triggered.
    for (const id of ['outage-monitor', 'customer-cache', 'pool-health', 'hawkeye-outage-monitor', 'hawkeye-customer-cache']) await client.schedule.getHandle(id).pause('e2e: triggered by hand');
  });

  afterAll(async () => {
    await client?.connection.close();
    await pools?.shutdown();
    await connection?.close();
    await store?.close();
    await sb?.close();
    await server?.stop();
  });

  /** Triggers the outage-monitor schedule once and waits for that cycle's result. */
  async function triggeredCycle(): Promise<OutageMonitorResult> {
    const handle = client.schedule.getHandle('outage-monitor');
    const before = (await handle.describe()).info.recentActions.length;
    await handle.trigger();
    for (let i = 0; i < 200; i++) {
      const actions = (await handle.describe()).info.recentActions;
      if (actions.length > before) return client.workflow.getHandle(actions.at(-1)!.action.workflow.workflowId).result() as Promise<OutageMonitorResult>;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the triggered cycle never started');
  }
  const bruinState = async () => {
    const state = (await sb.call('GET', '/_sandbox/state')).json as { vendors: { bruin: { tickets: Tickets; notes: Notes } }; outbox: { slack: Array<{ text: string }> } };
    return { tickets: state.vendors.bruin.tickets, notes: state.vendors.bruin.notes, slack: state.outbox.slack };
  };

  it('an edge set down gets exactly one outage ticket with a note; back up, the ticket is resolved next cycle', async () => {
    const healthy = await triggeredCycle(); // also builds the customer cache
    expect(healthy).toMatchObject({ edgesChecked: 3, inOutage: 0, ticketsCreated: 0 });

    await sb.call('PATCH', '/_sandbox/velocloud/edges/mettel.velocloud.net%2F1%2F102', { edgeState: 'OFFLINE' });
    const down = await triggeredCycle();
    expect(down).toMatchObject({ edgesChecked: 3, inOutage: 1, rechecksStarted: 1, ticketsCreated: 1 });
    let bruin = await bruinState();
    const created = Object.entries(bruin.tickets).filter(([, t]) => t.serviceNumber === 'VC05200039471');
    expect(created).toHaveLength(1);
    const [ticketId, ticket] = created[0];
    expect(ticket).toMatchObject({ category: 'VOO', ticketStatus: 'InProgress' });
    const notes = Object.values(bruin.notes).filter((n) => n.ticketId === ticketId);
    expect(notes).toHaveLength(1);
    expect(notes[0].noteValue.startsWith(AUTOMATION_MARKER)).toBe(true);
    expect(notes[0].noteValue).toContain('Edge status: OFFLINE');
    expect(bruin.slack).toEqual([expect.objectContaining({ text: expect.stringContaining(`Outage ticket ${ticketId} created for edge acme-warehouse`) })]);
    const recheck = await client.workflow.getHandle('outage-recheck/mettel.velocloud.net/102').describe();
    expect(recheck.typedSearchAttributes.get({ name: 'TicketId', type: 'KEYWORD' } as never)).toBe(ticketId);

    // Still down next cycle: Bruin answers in-progress, nothing new.
    expect(await triggeredCycle()).toMatchObject({ inOutage: 1, ticketsCreated: 0, ticketsInProgress: 1 });

    await sb.call('PATCH', '/_sandbox/velocloud/edges/mettel.velocloud.net%2F1%2F102', { edgeState: 'CONNECTED' });
    expect(await triggeredCycle()).toMatchObject({ inOutage: 0, ticketsResolved: 1 });
    bruin = await bruinState();
    expect(bruin.tickets[ticketId].ticketStatus).toBe('Resolved');
    expect(Object.values(bruin.tickets).filter((t) => t.serviceNumber === 'VC05200039471')).toHaveLength(1);
  });

  it('a malformed VeloCloud payload fails the recheck\'s activity once, non-retryably, naming the field', async () => {
    await sb.call('PATCH', '/_sandbox/velocloud/edges/mettel.velocloud.net%2F2%2F201', { edgeState: 'MELTED' });
    const handle = await client.workflow.start('edgeOutageRecheck', {
      taskQueue: 'orchestration', workflowId: 'outage-recheck/mettel.velocloud.net/201',
      args: [{ host: 'mettel.velocloud.net', enterpriseId: 2, edgeId: 201, serialNumber: 'VC05400011823', clientId: '7311', recheckDelay: '0s' }],
    });
    const err = await handle.result().then(() => undefined, (e: unknown) => e as { cause?: { cause?: { type?: string; nonRetryable?: boolean; message?: string } } });
    const failure = err?.cause?.cause;
    expect(failure).toMatchObject({ type: 'VendorContractError', nonRetryable: true });
    expect(failure?.message).toMatch(/velocloud getEdge response broke the contract: field "edgeState"/);
    const history = await handle.fetchHistory();
    const attempts = (history.events ?? []).flatMap((e) => (e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt] : []));
    expect(attempts).toEqual([1]); // not retried
  });
});
