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

  it('hysteresis: packet loss alternating 7.5 % / 8.5 % (threshold 8 %, clear under 6.4 %) for an hour is 1 ticket and 1 note; under 6.4 % it auto-resolves', async () => {
    const SERIAL = 'VC05200039471';
    const setLoss = (pct: number) =>
      engine.sb.call('PATCH', '/_sandbox/velocloud/edges/mettel.velocloud.net%2F1%2F102', {
        links: [{ id: 1021, interface: 'GE1', displayName: 'GE1 ISP', state: 'STABLE', bestLossPctRx: pct }],
      });
    const ticketsOf = async () =>
      Object.entries((await state()).vendors.bruin.tickets).filter(
        ([, t]) => t.category === 'VAS' && t.serviceNumber === SERIAL,
      );
    await setLoss(8.5);
    expect(await scan()).toMatchObject({ ticketsCreated: 1, failures: [] });
    const [[ticketId]] = await ticketsOf();
    const notesOf = async () =>
      Object.entries((await state()).vendors.bruin.notes).filter(([, n]) => n.ticketId === ticketId);
    // The trouble note is older than any auto-resolve wait (90 min by day, 180 at night): only hysteresis holds it.
    const [[noteId]] = await notesOf();
    await engine.sb.call('PATCH', `/_sandbox/bruin/notes/${noteId}`, {
      createdDate: new Date(Date.now() - 4 * 3_600_000).toISOString(),
    });
    const emailsBefore = (await state()).outbox.emails.length;
    for (const pct of [7.5, 8.5, 7.5, 8.5, 7.5, 8.5]) {
      await setLoss(pct);
      const r = await scan();
      expect(r).toMatchObject({ ticketsCreated: 0, ticketsNoted: 0, ticketsResolved: 0, failures: [] });
      if (pct < 8) expect(r.holding).toBeGreaterThanOrEqual(1);
    }
    expect((await ticketsOf()).map(([, t]) => t.ticketStatus)).toEqual(['InProgress']);
    expect(await notesOf()).toHaveLength(1);
    expect((await state()).outbox.emails).toHaveLength(emailsBefore);

    // Under the clear level: the edge is clear, and its ticket (noted 4 h ago) resolves with a note.
    await setLoss(5);
    expect(await scan()).toMatchObject({ ticketsResolved: 1 });
    expect((await ticketsOf()).map(([, t]) => t.ticketStatus)).toEqual(['Resolved']);
    expect((await notesOf()).map(([, n]) => n.noteValue.split('\n')[1])).toEqual([
      'Service affecting (VeloCloud)',
      'Service affecting: auto-resolved',
    ]);
  });
});
