import { AUTOMATION_MARKER } from '../../domain/ticket-notes';
import { SearchAttr } from '../../domain/search-attributes';
import { outageRecheckWorkflowId } from '../../domain/workflow-ids';
import { edgeOutageRecheck, type EdgeOutageRecheckInput } from '../../workflows/outage/edge-outage-recheck';
import type { OutageMonitorResult } from '../../workflows/outage/outage-monitor';
import { tellStory } from '../../cli/story-command';
import { useTestEngine } from '../helpers/engine';

type Tickets = Record<string, { serviceNumber: string; ticketStatus: string; category: string }>;
type Notes = Record<string, { ticketId: string; noteValue: string }>;

describe('end to end: the outage monitor schedule against the sandbox', () => {
  const engine = useTestEngine('outage');
  /** Triggers the outage-monitor schedule once and waits for that cycle's result. */
  const triggeredCycle = async () => (await engine.triggerSchedule<OutageMonitorResult>('outage-monitor')).result;
  /** Starts one demo edge's recheck directly (its workflow ID as the monitor would give it). */
  const startRecheck = (edge: Omit<EdgeOutageRecheckInput, 'host'>) =>
    engine.client.workflow.start(edgeOutageRecheck, {
      taskQueue: 'orchestration',
      workflowId: outageRecheckWorkflowId('mettel.velocloud.net', edge.edgeId),
      args: [{ host: 'mettel.velocloud.net', ...edge }],
      typedSearchAttributes: [{ key: SearchAttr.EdgeId, value: `mettel.velocloud.net/${edge.edgeId}` }],
    });
  const bruinState = async () => {
    const state = (await engine.sb.call('GET', '/_sandbox/state')).json as {
      vendors: { bruin: { tickets: Tickets; notes: Notes } };
      outbox: { slack: Array<{ text: string }> };
    };
    return { tickets: state.vendors.bruin.tickets, notes: state.vendors.bruin.notes, slack: state.outbox.slack };
  };

  it('an edge set down gets exactly one outage ticket with a note; back up, the ticket is resolved next cycle', async () => {
    const healthy = await triggeredCycle(); // also builds the customer cache
    expect(healthy).toMatchObject({ edgesChecked: 3, inOutage: 0, ticketsCreated: 0 });

    await engine.sb.call('PATCH', '/_sandbox/velocloud/edges/mettel.velocloud.net%2F1%2F102', { edgeState: 'OFFLINE' });
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
    expect(bruin.slack).toEqual([
      expect.objectContaining({
        text: expect.stringContaining(`Outage ticket ${ticketId} created for edge acme-warehouse`),
      }),
    ]);
    const recheck = await engine.client.workflow.getHandle('outage-recheck/mettel.velocloud.net/102').describe();
    expect(recheck.typedSearchAttributes.get({ name: 'TicketId', type: 'KEYWORD' } as never)).toBe(ticketId);

    // Still down next cycle: Bruin answers in-progress, nothing new.
    expect(await triggeredCycle()).toMatchObject({ inOutage: 1, ticketsCreated: 0, ticketsInProgress: 1 });

    await engine.sb.call('PATCH', '/_sandbox/velocloud/edges/mettel.velocloud.net%2F1%2F102', {
      edgeState: 'CONNECTED',
    });
    expect(await triggeredCycle()).toMatchObject({ inOutage: 0, ticketsResolved: 1 });
    bruin = await bruinState();
    expect(bruin.tickets[ticketId].ticketStatus).toBe('Resolved');
    expect(Object.values(bruin.tickets).filter((t) => t.serviceNumber === 'VC05200039471')).toHaveLength(1);

    // What happened to this edge, the way ops ask it: by serial (through the customer cache) or by ticket (issue 18 item 7).
    const uiBase = 'http://localhost:8233/namespaces/default';
    const byEdge = await tellStory(
      engine.client,
      { kind: 'edge', edge: 'VC05200039471' },
      { cache: engine.store, uiBase },
    );
    expect(byEdge.split('\n')[0]).toBe("query: EdgeId = 'VC05200039471'  |  EdgeId = 'mettel.velocloud.net/102'");
    expect(byEdge).toMatch(
      / edgeOutageRecheck {2}COMPLETED {2}outcome=ticket-created\n {2}outage-recheck\/mettel.velocloud.net\/102: /,
    );
    expect(byEdge).toContain(`${uiBase}/workflows/outage-recheck%2Fmettel.velocloud.net%2F102/`);
    const byTicket = await tellStory(engine.client, { kind: 'ticket', ticketId }, { uiBase });
    expect(byTicket).toContain('edgeOutageRecheck  COMPLETED  outcome=ticket-created');
    expect(await tellStory(engine.client, { kind: 'ticket', ticketId: '1' }, { uiBase })).toContain(
      'no workflow touched it',
    );
  });

  it("a malformed VeloCloud payload fails the recheck's activity once, non-retryably, naming the field", async () => {
    await engine.sb.call('PATCH', '/_sandbox/velocloud/edges/mettel.velocloud.net%2F2%2F201', { edgeState: 'MELTED' });
    const handle = await startRecheck({
      enterpriseId: 2,
      edgeId: 201,
      serialNumber: 'VC05400011823',
      clientId: '7311',
      recheckDelay: '0s',
    });
    const err = await handle.result().then(
      () => undefined,
      (e: unknown) => e as { cause?: { cause?: { type?: string; nonRetryable?: boolean; message?: string } } },
    );
    const failure = err?.cause?.cause;
    expect(failure).toMatchObject({ type: 'VendorContractError', nonRetryable: true });
    expect(failure?.message).toMatch(/velocloud getEdge response broke the contract: field "edgeState"/);
    const history = await handle.fetchHistory();
    const attempts = (history.events ?? []).flatMap((e) =>
      e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt] : [],
    );
    expect(attempts).toEqual([1]); // not retried

    // Its story says why, decoded, with the activity and attempt.
    const story = await tellStory(
      engine.client,
      { kind: 'edge', edge: 'mettel.velocloud.net/201' },
      { uiBase: 'http://localhost:8233/namespaces/default' },
    );
    expect(story).toMatch(
      /edgeOutageRecheck {2}FAILED.*\n.*\n {2}activity edgeStatus \(attempt 1, not retryable\)\n {2}VendorContractError: velocloud getEdge response broke the contract: field "edgeState"/,
    );
  });

  it('one malformed edge does not fail the cycle: it is discarded with the reason, and a down edge still gets its ticket', async () => {
    await engine.sb.call('POST', '/_sandbox/reset', { scenario: 'demo' });
    await engine.sb.call('PATCH', '/_sandbox/velocloud/edges/mettel.velocloud.net%2F2%2F201', { edgeState: 'MELTED' });
    await engine.sb.call('PATCH', '/_sandbox/velocloud/edges/mettel.velocloud.net%2F1%2F102', { edgeState: 'OFFLINE' });
    const cycle = await triggeredCycle();
    expect(cycle).toMatchObject({ edgesChecked: 2, inOutage: 1, ticketsCreated: 1, discarded: 1 });
    expect(cycle.discards).toEqual([
      { device: 'mettel.velocloud.net/2/201', reason: expect.stringMatching(/^field "edgeState" /) },
    ]);
    const tickets = Object.values((await bruinState()).tickets).filter((t) => t.serviceNumber === 'VC05200039471');
    expect(tickets).toHaveLength(1);
  });

  it('a ticket Bruin opened for a create whose answer was lost (worker killed) gets its note and alert (issue 11 item 1)', async () => {
    await engine.sb.call('POST', '/_sandbox/reset', { scenario: 'demo' });
    await engine.sb.call('PATCH', '/_sandbox/velocloud/edges/mettel.velocloud.net%2F1%2F102', { edgeState: 'OFFLINE' });
    const handle = await startRecheck({
      enterpriseId: 1,
      edgeId: 102,
      serialNumber: 'VC05200039471',
      clientId: '9994',
      recheckDelay: '3s',
    });
    // While the recheck waits, Bruin gets the ticket its create will find: exactly what a create accepted just before
    // the worker died leaves behind (the retried create is answered "in progress exists").
    await engine.sb.call('POST', '/_sandbox/bruin/tickets', {
      id: '8800001',
      clientID: 9994,
      serviceNumber: 'VC05200039471',
      category: 'VOO',
      ticketStatus: 'InProgress',
      createDate: new Date().toISOString(),
    });
    const result = await handle.result();
    expect(result).toMatchObject({ outcome: 'ticket-created', ticketId: '8800001' });
    const bruin = await bruinState();
    const notes = Object.values(bruin.notes).filter((n) => n.ticketId === '8800001');
    expect(notes.map((n) => n.noteValue.split('\n')[2])).toEqual(['Outage detected: edge offline']);
    expect(bruin.slack.filter((m) => m.text.includes('Outage ticket 8800001 created'))).toHaveLength(1);

    // The next cycle's recheck of the same edge leaves that ticket alone: it is no longer this run's.
    const again = await triggeredCycle();
    expect(again).toMatchObject({ inOutage: 1, ticketsInProgress: 1, ticketsCreated: 0 });
    expect(Object.values((await bruinState()).notes).filter((n) => n.ticketId === '8800001')).toHaveLength(1);
  });
});
