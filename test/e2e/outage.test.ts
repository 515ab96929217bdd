import { AUTOMATION_MARKER } from '../../domain/ticket-notes';
import { SearchAttr } from '../../domain/search-attributes';
import { outageRecheckBatchWorkflowId } from '../../domain/workflow-ids';
import { outageRecheckBatch, type SuspectEdge } from '../../workflows/outage/outage-recheck-batch';
import type { OutageMonitorResult } from '../../workflows/outage/outage-monitor';
import { tellStory } from '../../cli/story-command';
import { useTestEngine } from '../helpers/engine';

type Tickets = Record<string, { serviceNumber: string; ticketStatus: string; category: string }>;
type Notes = Record<string, { ticketId: string; noteValue: string }>;

describe('end to end: the outage monitor schedule against the sandbox', () => {
  const engine = useTestEngine('outage');
  /** Triggers the outage-monitor schedule once and waits for that cycle's result. */
  const triggeredCycle = async () => (await engine.triggerSchedule<OutageMonitorResult>('outage-monitor')).result;
  /** Starts a recheck batch of demo edges directly (IDs and search attributes as the monitor would give them). */
  const startRecheck = (edges: SuspectEdge[], recheckDelay = '0s') =>
    engine.client.workflow.start(outageRecheckBatch, {
      taskQueue: 'orchestration',
      workflowId: outageRecheckBatchWorkflowId('by-hand', 1),
      args: [{ edges, recheckDelay }],
      typedSearchAttributes: [{ key: SearchAttr.EdgeIds, value: edges.map((e) => `${e.host}/${e.edgeId}`) }],
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
    // The recheck batch that raised it is found by the edge, and names the ticket.
    const batches = [];
    for await (const w of engine.client.workflow.list({ query: "EdgeIds = 'mettel.velocloud.net/102'" }))
      batches.push(w);
    expect(batches.map((w) => [w.type, w.typedSearchAttributes.get(SearchAttr.TicketIds)])).toEqual([
      ['outageRecheckBatch', [ticketId]],
    ]);

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
    expect(byEdge.split('\n')[0]).toBe(
      "query: EdgeId = 'VC05200039471' OR EdgeIds = 'VC05200039471'  |  " +
        "EdgeId = 'mettel.velocloud.net/102' OR EdgeIds = 'mettel.velocloud.net/102'",
    );
    const edgeOutcome = `outcome=ticket-created (edge mettel.velocloud.net/102, ticket ${ticketId})`;
    expect(byEdge).toMatch(
      new RegExp(
        ` outageRecheckBatch {2}COMPLETED {2}${edgeOutcome.replace(/[()]/g, '\\$&')}\n {2}outage-recheck-batch/outage-monitor-[^/]+/1: Recheck 1 edge that looked down \\(batch 1 of 1\\)`,
      ),
    );
    expect(byEdge).toContain('outcome=ticket-in-progress (edge mettel.velocloud.net/102'); // the cycle after
    expect(byEdge).toMatch(new RegExp(`${uiBase}/workflows/outage-recheck-batch%2Foutage-monitor-.+%2F1/`));
    const byTicket = await tellStory(engine.client, { kind: 'ticket', ticketId }, { uiBase });
    expect(byTicket).toContain(`outageRecheckBatch  COMPLETED  ${edgeOutcome}`);
    expect(await tellStory(engine.client, { kind: 'ticket', ticketId: '1' }, { uiBase })).toContain(
      'no workflow touched it',
    );
  });

  it("a malformed VeloCloud payload on the second look is reported for that edge, not retried; the batch's other edge goes on", async () => {
    await engine.sb.call('PATCH', '/_sandbox/velocloud/edges/mettel.velocloud.net%2F2%2F201', { edgeState: 'MELTED' });
    await engine.sb.call('PATCH', '/_sandbox/velocloud/edges/mettel.velocloud.net%2F1%2F101', { edgeState: 'OFFLINE' });
    const handle = await startRecheck([
      {
        host: 'mettel.velocloud.net',
        enterpriseId: 2,
        edgeId: 201,
        name: 'e201',
        serialNumber: 'VC05400011823',
        clientId: '7311',
      },
      {
        host: 'mettel.velocloud.net',
        enterpriseId: 1,
        edgeId: 101,
        name: 'e101',
        serialNumber: 'VC05200028729',
        clientId: '9994',
      },
    ]);
    const { edges } = await handle.result();
    expect(edges[0]).toMatchObject({
      edge: 'mettel.velocloud.net/201',
      outcome: 'unreadable',
      reason: expect.stringMatching(
        /^VendorContractError: velocloud getEdge response broke the contract: field "edgeState"/,
      ),
    });
    expect(edges[1]).toMatchObject({ edge: 'mettel.velocloud.net/101', outcome: 'ticket-created' });
    const history = await handle.fetchHistory();
    const attempts = (history.events ?? []).flatMap((e) =>
      e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt] : [],
    );
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.every((a) => a === 1)).toBe(true); // nothing retried

    // Its story says why, for that edge.
    const story = await tellStory(
      engine.client,
      { kind: 'edge', edge: 'mettel.velocloud.net/201' },
      { uiBase: 'http://localhost:8233/namespaces/default' },
    );
    expect(story).toMatch(
      /outageRecheckBatch {2}COMPLETED {2}outcome=unreadable \(edge mettel.velocloud.net\/201\)\n.*\n {2}mettel.velocloud.net\/201: VendorContractError: velocloud getEdge response broke the contract: field "edgeState"/,
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
    const handle = await startRecheck(
      [
        {
          host: 'mettel.velocloud.net',
          enterpriseId: 1,
          edgeId: 102,
          name: 'acme-warehouse',
          serialNumber: 'VC05200039471',
          clientId: '9994',
        },
      ],
      '3s',
    );
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
    const { edges } = await handle.result();
    expect(edges).toEqual([expect.objectContaining({ outcome: 'ticket-created', ticketId: '8800001' })]);
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
