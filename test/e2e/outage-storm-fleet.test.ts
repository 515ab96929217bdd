import type { OutageMonitorResult } from '../../workflows/outage/outage-monitor';
import { useTestEngine } from '../helpers/engine';
import { addEnterprise } from '../helpers/sandbox';

type State = {
  vendors: { bruin: { tickets: Record<string, { serviceNumber: string; category: string; ticketStatus: string }> } };
  outbox: { slack: Array<{ text: string }> };
};

describe('end to end: 200 edges of one enterprise down are one Slack message (issue 30 item 4)', () => {
  // The default threshold (10 new tickets for one enterprise in one cycle).
  const engine = useTestEngine('outage-storm-fleet', {});
  const serials = Array.from({ length: 200 }, (_, i) => `VC0700${String(i).padStart(5, '0')}`);

  beforeAll(async () => {
    await addEnterprise(engine.sb, {
      enterpriseId: 5,
      name: 'Echo Stores',
      edgePrefix: 'echo',
      firstEdgeId: 5000,
      serials,
      state: 'OFFLINE',
      clientId: '8900',
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
