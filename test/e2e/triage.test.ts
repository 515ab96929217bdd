import type { TriageResult } from '../../workflows/triage/triage';
import { useTestEngine } from '../helpers/engine';

type Notes = Record<string, { ticketId: string; noteValue: string; createdDate: string }>;

describe('end to end: the triage schedule against the sandbox', () => {
  const engine = useTestEngine('triage', {
    TRIAGE_NOTES: 'append',
    TRIAGE_CLIENT_IDS: '9994',
    TRIAGE_TIME_ZONE: 'America/New_York',
  });
  const notesOf = async (ticketId: string) => {
    const state = (await engine.sb.call('GET', '/_sandbox/state')).json as { vendors: { bruin: { notes: Notes } } };
    return Object.values(state.vendors.bruin.notes).filter((n) => n.ticketId === ticketId);
  };

  it("a triggered run appends the edge's events as triage notes; a second run within 30 minutes appends nothing", async () => {
    const { sb, client } = engine;
    await engine.triggerSchedule('customer-cache');
    // An open outage ticket on acme-hq (edge 101), with events of the last hours and one from 8 days ago.
    await sb.call('POST', '/_sandbox/bruin/tickets', {
      id: '5100001',
      clientID: 9994,
      serviceNumber: 'VC05200028729',
      category: 'VOO',
      ticketStatus: 'InProgress',
      createDate: new Date().toISOString(),
    });
    // Another client's ticket: not under triage (TRIAGE_CLIENT_IDS=9994).
    await sb.call('POST', '/_sandbox/bruin/tickets', {
      id: '5100002',
      clientID: 7311,
      serviceNumber: 'VC05400011823',
      category: 'VOO',
      ticketStatus: 'InProgress',
      createDate: new Date().toISOString(),
    });
    const event = (n: number, hoursAgo: number, ev: string, message: string) =>
      sb.call('POST', '/_sandbox/velocloud/events', {
        id: `mettel.velocloud.net/1/9${n}`,
        host: 'mettel.velocloud.net',
        enterpriseId: 1,
        edgeId: 101,
        edgeName: 'acme-hq',
        eventTime: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
        event: ev,
        category: 'NETWORK',
        severity: ev.endsWith('DEAD') ? 'ERROR' : 'NOTICE',
        message,
      });
    await event(1, 8 * 24, 'LINK_DEAD', 'eight days ago: outside the look-back');
    await event(2, 3, 'LINK_DEAD', 'Link GE1 is no longer transmitting');
    await event(3, 2, 'LINK_ALIVE', 'Link GE1 is now transmitting');

    const first = await engine.triggerSchedule<TriageResult>('triage');
    expect(first.workflowId).toMatch(/^triage-\d{4}-\d\d-\d\dT/);
    expect(first.result).toMatchObject({
      mode: 'append',
      clients: 1,
      ticketsSeen: 1,
      discarded: 0,
      firstTriage: 1,
      notesAppended: 1,
      failed: 0,
      runs: 1,
    });
    const notes = await notesOf('5100001');
    expect(notes).toHaveLength(1);
    expect(notes[0].noteValue).toMatch(
      /^#\*MetTel's IPA\*#\nTriage \(VeloCloud\)\nEdge: acme-hq \(serial VC05200028729\)/,
    );
    expect(notes[0].noteValue).toMatch(/\(America\/New_York\)/);
    expect(notes[0].noteValue).toMatch(
      /LINK_DEAD \[ERROR\]\n {2}Link GE1 is no longer transmitting\n.* LINK_ALIVE \[NOTICE\]\n {2}Link GE1 is now transmitting$/,
    );
    expect(notes[0].noteValue).not.toContain('eight days ago');
    expect(await notesOf('5100002')).toEqual([]);
    const described = await client.workflow.getHandle(first.workflowId).describe();
    expect(described.typedSearchAttributes.get({ name: 'Outcome', type: 'KEYWORD' } as never)).toBe('notes-appended');

    const second = await engine.triggerSchedule<TriageResult>('triage');
    expect(second.result).toMatchObject({
      ticketsSeen: 1,
      skippedRecent: 1,
      notesAppended: 0,
      firstTriage: 0,
      updated: 0,
    });
    expect(await notesOf('5100001')).toHaveLength(1);
  });
});
