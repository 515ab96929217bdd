import type { ServiceAffectingMonitorResult } from '../../workflows/service-affecting/service-affecting-monitor';
import { useTestEngine } from '../helpers/engine';

type Tickets = Record<string, { serviceNumber: string; ticketStatus: string; category: string }>;
type Notes = Record<string, { ticketId: string; noteValue: string }>;
type Outbox = { emails: Array<{ to: string[]; subject: string; text: string }>; slack: Array<{ text: string }> };

describe('end to end: the service-affecting schedule against the sandbox (issue 19)', () => {
  const engine = useTestEngine('service-affecting', { SA_EMAIL_TO: 'noc@example.com' });
  const scan = async () =>
    (await engine.triggerSchedule<ServiceAffectingMonitorResult>('service-affecting-monitor')).result;
  const state = async () =>
    (await engine.sb.call('GET', '/_sandbox/state')).json as {
      vendors: { bruin: { tickets: Tickets; notes: Notes } };
      outbox: Outbox;
    };

  it('a link set to 300 ms latency gets one VAS ticket with its note, one email and one Slack message', async () => {
    expect(await scan()).toMatchObject({ edgesChecked: 3, troubledEdges: 0, ticketsCreated: 0 });

    await engine.sb.call('PATCH', '/_sandbox/velocloud/edges/mettel.velocloud.net%2F2%2F201', {
      links: [
        { id: 2011, interface: 'GE1', displayName: 'GE1 ISP', state: 'STABLE', bestLatencyMsRx: 300 },
        { id: 2012, interface: 'GE2', displayName: 'GE2 ISP', state: 'STABLE' },
      ],
    });
    expect(await scan()).toMatchObject({ edgesChecked: 3, troubledEdges: 1, ticketsCreated: 1, failures: [] });
    const { vendors, outbox } = await state();
    const vas = Object.entries(vendors.bruin.tickets).filter(([, t]) => t.category === 'VAS');
    expect(vas.map(([, t]) => [t.serviceNumber, t.ticketStatus])).toEqual([['VC05400011823', 'InProgress']]);
    const [ticketId] = vas[0];
    const notes = Object.values(vendors.bruin.notes).filter((n) => n.ticketId === ticketId);
    expect(notes).toHaveLength(1);
    for (const line of [
      'Trouble: Latency',
      'Interface: GE1',
      'Edge Name: blue-harbor-main',
      'Threshold: 140 ms',
      'Measured: Rx 300 ms',
    ])
      expect(notes[0].noteValue).toContain(line);
    expect(outbox.emails).toEqual([
      expect.objectContaining({
        to: ['noc@example.com'],
        subject: `Service affecting: blue-harbor-main (VC05400011823), ticket ${ticketId}`,
      }),
    ]);
    expect(outbox.slack.filter((m) => m.text.startsWith('Service affecting'))).toEqual([
      expect.objectContaining({ text: expect.stringContaining(`https://app.bruin.com/t/${ticketId}`) }),
    ]);

    // Still 300 ms next scan: nothing new on the ticket, nobody told again.
    expect(await scan()).toMatchObject({ troubledEdges: 1, ticketsCreated: 0, nothingNew: 1 });
    const again = await state();
    expect(Object.values(again.vendors.bruin.notes).filter((n) => n.ticketId === ticketId)).toHaveLength(1);
    expect(again.outbox.emails).toHaveLength(1);
  });
});
