import type { OutageMonitorResult } from '../../workflows/outage/outage-monitor';
import { useTestEngine } from '../helpers/engine';

type State = {
  vendors: { bruin: { tickets: Record<string, { serviceNumber: string; category: string; ticketStatus: string }> } };
  outbox: { slack: Array<{ text: string }> };
};

describe('end to end: 200 edges of one enterprise down are one Slack message (issue 30 item 4)', () => {
  // The default threshold (10 new tickets for one enterprise in one cycle).
  const engine = useTestEngine('outage-storm-fleet', {});
  const serials = Array.from({ length: 200 }, (_, i) => `VC0700${String(i).padStart(5, '0')}`);

  beforeAll(async () => {
    await engine.sb.call('POST', '/_sandbox/velocloud/enterprises', {
      id: 'mettel.velocloud.net/5',
      host: 'mettel.velocloud.net',
      enterpriseId: 5,
      name: 'Echo Stores',
    });
    for (const [i, serialNumber] of serials.entries())
      await engine.sb.call('POST', '/_sandbox/velocloud/edges', {
        id: `mettel.velocloud.net/5/${5000 + i}`,
        host: 'mettel.velocloud.net',
        enterpriseId: 5,
        edgeId: 5000 + i,
        name: `echo-${i}`,
        modelNumber: 'edge510',
        activationTime: '2025-01-06T00:00:00.000Z',
        lastContact: new Date().toISOString(),
        serialNumber,
        edgeState: 'OFFLINE',
        links: [{ id: 50000 + i, interface: 'GE1', displayName: 'GE1 ISP', state: 'DISCONNECTED' }],
      });
    await engine.sb.call('POST', '/_sandbox/bruin/clients', {
      id: '8900',
      name: 'Echo Stores',
      serviceNumbers: serials,
      siteAddress: { street: '1 Main St', city: 'Hartford', state: 'CT', zip: '06103', country: 'US' },
    });
  });

  it('200 tickets, one storm message naming the first 20, no per-ticket alert for them', async () => {
    const { result } = await engine.triggerSchedule<OutageMonitorResult>('outage-monitor');
    expect(result).toMatchObject({
      edgesChecked: 203,
      inOutage: 200,
      ticketsCreated: 200,
      storms: [{ enterprise: 'mettel.velocloud.net/5', tickets: 200 }],
    });
    const { vendors, outbox } = (await engine.sb.call('GET', '/_sandbox/state')).json as State;
    const tickets = Object.entries(vendors.bruin.tickets).filter(
      ([, t]) => t.category === 'VOO' && t.ticketStatus === 'InProgress' && serials.includes(t.serviceNumber),
    );
    expect(new Set(tickets.map(([, t]) => t.serviceNumber)).size).toBe(200);
    expect(tickets).toHaveLength(200);
    const storms = outbox.slack.filter((m) => m.text.includes('*Outage storm*'));
    expect(storms).toHaveLength(1);
    const lines = storms[0].text.split('\n');
    expect(lines[0]).toBe(
      ':rotating_light: *Outage storm*: 200 new outage tickets for enterprise 5 on mettel.velocloud.net in one cycle',
    );
    expect(lines.filter((l) => l.startsWith('• echo-'))).toHaveLength(20);
    expect(lines).toContain('… and 180 more');
    const ids = new Set(tickets.map(([id]) => id));
    const perTicket = outbox.slack.filter((m) => /^Outage ticket (\d+) created/.exec(m.text)?.[1]);
    expect(perTicket.filter((m) => ids.has(/^Outage ticket (\d+)/.exec(m.text)![1]))).toEqual([]);
  }, 240_000);
});
