import type { OutageMonitorResult } from '../../workflows/outage/outage-monitor';
import { useTestEngine } from '../helpers/engine';

type Tickets = Record<string, { serviceNumber: string; ticketStatus: string; category: string }>;

describe('end to end: an outage storm is one Slack message (issue 30 item 4)', () => {
  // The demo's enterprise 1 has two edges: a storm at two new tickets makes it one; enterprise 2's one edge is not.
  const engine = useTestEngine('outage-storm', { STORM_MIN_TICKETS: '2' });
  const cycle = async () => (await engine.triggerSchedule<OutageMonitorResult>('outage-monitor')).result;
  const edge = (path: string, edgeState: string) =>
    engine.sb.call('PATCH', `/_sandbox/velocloud/edges/${encodeURIComponent(path)}`, { edgeState });
  const state = async () =>
    (await engine.sb.call('GET', '/_sandbox/state')).json as {
      vendors: { bruin: { tickets: Tickets } };
      outbox: { slack: Array<{ text: string }> };
    };

  it("an enterprise's edges down in one cycle: a ticket each, one storm message, no per-ticket alert; a lone edge elsewhere keeps its own", async () => {
    expect(await cycle()).toMatchObject({ edgesChecked: 3, inOutage: 0 }); // builds the customer cache
    await edge('mettel.velocloud.net/1/101', 'OFFLINE');
    await edge('mettel.velocloud.net/1/102', 'OFFLINE');
    await edge('mettel.velocloud.net/2/201', 'OFFLINE');
    const down = await cycle();
    expect(down).toMatchObject({
      inOutage: 3,
      ticketsCreated: 3,
      storms: [{ enterprise: 'mettel.velocloud.net/1', tickets: 2 }],
    });

    const { vendors, outbox } = await state();
    const ticketOf = (serial: string) =>
      Object.entries(vendors.bruin.tickets).find(
        ([, t]) => t.serviceNumber === serial && t.category === 'VOO' && t.ticketStatus === 'InProgress',
      )![0];
    const [hq, warehouse, harbor] = ['VC05200028729', 'VC05200039471', 'VC05400011823'].map(ticketOf);
    const storms = outbox.slack.filter((m) => m.text.includes('*Outage storm*'));
    expect(storms).toHaveLength(1);
    const [head, ...listed] = storms[0].text.split('\n');
    expect(head).toBe(
      ':rotating_light: *Outage storm*: 2 new outage tickets for enterprise 1 on mettel.velocloud.net in one cycle',
    );
    expect(listed.slice(0, 2).sort()).toEqual([
      `• acme-hq (VC05200028729): ticket ${hq}`,
      `• acme-warehouse (VC05200039471): ticket ${warehouse}`,
    ]);
    expect(storms[0].text).toMatch(
      /The cycle and its rechecks: http:\/\/localhost:\d+\/namespaces\/default\/workflows\/outage-monitor-/,
    );
    const perTicket = outbox.slack.filter((m) => m.text.startsWith('Outage ticket '));
    expect(perTicket.map((m) => m.text.split(' created')[0])).toEqual([`Outage ticket ${harbor}`]);

    // The next cycle, still down: tickets in progress, nobody told again.
    expect(await cycle()).toMatchObject({ ticketsCreated: 0, ticketsInProgress: 3 });
    expect((await state()).outbox.slack).toHaveLength(outbox.slack.length);
  });
});
