import { AUTOMATION_MARKER, NOTE_LIMIT } from '../../../domain/ticket-notes';
import { formatInstant } from '../../../domain/time';
import { outageNote } from '../../../domain/outage';
import {
  isTriageNote,
  lastTriageAt,
  planTriage,
  TRIAGE_TITLE,
  triageNotes,
  type EdgeEvent,
} from '../../../domain/triage';

const edge = {
  serialNumber: 'VC05200028729',
  host: 'mettel.velocloud.net',
  enterpriseId: 1,
  edgeId: 101,
  name: 'acme-hq',
};
const interval = { start: '2026-11-16T20:00:00.000Z', end: '2026-11-23T20:00:00.000Z' };
const zone = 'America/New_York';
const event = (i: number, message = `Link GE${i % 4} is no longer transmitting`): EdgeEvent => ({
  eventTime: new Date(Date.parse(interval.start) + i * 60_000).toISOString(),
  event: i % 2 ? 'LINK_DEAD' : 'LINK_ALIVE',
  severity: i % 2 ? 'ERROR' : 'NOTICE',
  message,
});

describe('triage notes', () => {
  it('formats instants in the configured time zone, with DST', () => {
    expect(formatInstant('2026-11-23T20:00:00Z', zone)).toBe('2026-11-23 15:00:00 EST');
    expect(formatInstant('2026-07-01T20:00:00Z', zone)).toBe('2026-07-01 16:00:00 EDT');
    expect(formatInstant('2026-07-01T20:00:00Z', 'UTC')).toBe('2026-07-01 20:00:00 UTC');
  });

  it('no events: one note saying so, with marker, edge and interval', () => {
    const notes = triageNotes(edge, interval, [], zone);
    expect(notes).toHaveLength(1);
    expect(notes[0].split('\n').slice(0, 5)).toEqual([
      AUTOMATION_MARKER,
      TRIAGE_TITLE,
      'Edge: acme-hq (serial VC05200028729)',
      'Orchestrator: mettel.velocloud.net, enterprise 1, edge 101',
      'Events from 2026-11-16 15:00:00 EST to 2026-11-23 15:00:00 EST (America/New_York)',
    ]);
    expect(notes[0]).toMatch(/No edge events in this interval\.$/);
    expect(isTriageNote(notes[0])).toBe(true);
  });

  it('few events fit one note, oldest first, each readable', () => {
    const notes = triageNotes(edge, interval, [event(2), event(1)], zone);
    expect(notes).toHaveLength(1);
    expect(notes[0]).not.toMatch(/Part \d/);
    const body = notes[0].split('\n\n')[1];
    expect(body).toBe(
      [
        '2026-11-16 15:01:00 EST  LINK_DEAD [ERROR]',
        '  Link GE1 is no longer transmitting',
        '2026-11-16 15:02:00 EST  LINK_ALIVE [NOTICE]',
        '  Link GE2 is no longer transmitting',
      ].join('\n'),
    );
  });

  it('many events split between events: every note under the limit, every event exactly once, parts numbered', () => {
    const events = Array.from({ length: 120 }, (_, i) => event(i));
    const notes = triageNotes(edge, interval, events, zone);
    expect(notes.length).toBeGreaterThan(3);
    for (const [i, n] of notes.entries()) {
      expect(n.length).toBeLessThan(1500);
      expect(n).toContain(`Part ${i + 1} of ${notes.length}`);
      expect(isTriageNote(n)).toBe(true);
    }
    const lines = notes.flatMap((n) => n.split('\n\n')[1].split('\n'));
    expect(lines.filter((l) => /\] ?$/.test(l) || /^\d{4}-/.test(l))).toHaveLength(120);
    expect(lines).toHaveLength(240); // never a block cut in half
    // Greedy packing: the next event would not have fitted in the previous note.
    for (let i = 0; i < notes.length - 1; i++) {
      const nextBlock = notes[i + 1].split('\n\n')[1].split('\n').slice(0, 2).join('\n');
      expect(notes[i].length + 1 + nextBlock.length).toBeGreaterThanOrEqual(1500 - 2);
    }
  });

  it('an event that fills a note exactly at the limit is kept whole', () => {
    const base = triageNotes(edge, interval, [event(1, '')], zone)[0];
    const exact = triageNotes(edge, interval, [event(1, 'x'.repeat(NOTE_LIMIT - base.length))], zone);
    expect(exact).toHaveLength(1);
    expect(exact[0].length).toBe(NOTE_LIMIT);
    expect(exact[0]).not.toContain('[truncated]');
    const over = triageNotes(edge, interval, [event(1, 'x'.repeat(NOTE_LIMIT - base.length + 1))], zone);
    expect(over[0].length).toBeLessThanOrEqual(NOTE_LIMIT);
    expect(over[0]).toContain('[truncated]');
  });

  it('one huge event gets a note of its own, cut with a mark; its neighbours stay whole', () => {
    const notes = triageNotes(edge, interval, [event(1), event(2, 'y'.repeat(5000)), event(3)], zone);
    expect(notes).toHaveLength(3);
    expect(notes.map((n) => n.length <= NOTE_LIMIT)).toEqual([true, true, true]);
    expect(notes[1]).toMatch(/y+ …\[truncated\]$/);
    expect(notes[0]).toContain('Link GE1');
    expect(notes[2]).toContain('Link GE3');
  });
});

describe('triage plan', () => {
  const now = Date.parse('2026-11-23T20:00:00Z');
  const note = (minutesAgo: number, text = `${AUTOMATION_MARKER}\n${TRIAGE_TITLE}\nEdge: x`) => ({
    noteValue: text,
    createdDate: new Date(now - minutesAgo * 60_000).toISOString(),
  });

  it('no triage note: the last 7 days', () => {
    expect(
      planTriage(
        [
          note(5, 'a human note'),
          note(3, `${AUTOMATION_MARKER}\nTriage (Hawkeye)`),
          { noteValue: null, createdDate: 'x' },
        ],
        now,
      ),
    ).toEqual({ kind: 'first', interval: { start: '2026-11-16T20:00:00.000Z', end: '2026-11-23T20:00:00.000Z' } });
  });

  it('newest triage note older than 30 minutes: events since that note', () => {
    expect(planTriage([note(600), note(31), note(5, 'human')], now)).toEqual({
      kind: 'update',
      lastTriageAt: '2026-11-23T19:29:00.000Z',
      interval: { start: '2026-11-23T19:29:00.000Z', end: '2026-11-23T20:00:00.000Z' },
    });
  });

  it("the outage recheck's note is not a triage: an engine-opened ticket gets the 7-day look-back (seed 002)", () => {
    const outage = outageNote(
      {
        host: 'h',
        enterpriseId: 1,
        edgeId: 2,
        name: 'e',
        serialNumber: 'VC1',
        clientId: '9',
        edgeState: 'OFFLINE',
        links: [],
      },
      { outage: true, reason: 'edge-offline', disconnectedLinks: [] },
      '2026-11-23T19:00:00.000Z',
    );
    expect(isTriageNote(outage)).toBe(false);
    expect(planTriage([note(60, outage)], now).kind).toBe('first');
  });

  it('newest triage note 30 minutes old or newer: skip', () => {
    expect(planTriage([note(600), note(10)], now)).toEqual({ kind: 'skip', lastTriageAt: '2026-11-23T19:50:00.000Z' });
    expect(planTriage([note(30)], now).kind).toBe('skip');
    expect(lastTriageAt([note(45), note(40)])).toBe(now - 40 * 60_000);
  });
});
