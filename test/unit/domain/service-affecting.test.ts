import {
  autoResolveDecision,
  autoResolveNote,
  clearLevelsAt,
  DEFAULT_THRESHOLDS as T,
  holdsTrouble,
  instability,
  isNight,
  linkTroubles,
  newTroubles,
  noteTrouble,
  troubleNote,
  utilizationPct,
  type LinkMetrics,
  type TroubledEdge,
} from '../../../domain/service-affecting';
import { NOTE_LIMIT } from '../../../domain/ticket-notes';
import { healthyLink as healthy } from '../../helpers/links';

/** Bytes that use `pct` percent of a 100 Mb/s path over the 30-minute window. */
const bytesFor = (pct: number) => ((pct / 100) * 100_000_000 * 30 * 60) / 8;
const troubles = (link: Partial<LinkMetrics>) => linkTroubles({ ...healthy, ...link }, T).map((t) => t.trouble);

describe('service-affecting rules (domain/service-affecting.ts)', () => {
  it('each threshold: at it is fine, just over it (either direction) is a trouble', () => {
    const cases: Array<[string, (v: number) => Partial<LinkMetrics>, number]> = [
      ['Latency', (v) => ({ latencyMs: { rx: 20, tx: v } }), T.latencyMs],
      ['Packet Loss', (v) => ({ lossPct: { rx: v, tx: 0 } }), T.packetLossPct],
      ['Jitter', (v) => ({ jitterMs: { rx: v, tx: 1 } }), T.jitterMs],
      ['Bandwidth Over Utilization', (v) => ({ bytes: { rx: bytesFor(v), tx: 0 } }), T.bandwidthPct],
    ];
    for (const [trouble, link, limit] of cases) {
      expect({ trouble, under: troubles(link(limit - 0.5)) }).toEqual({ trouble, under: [] });
      expect({ trouble, at: troubles(link(limit)) }).toEqual({ trouble, at: [] });
      expect({ trouble, over: troubles(link(limit + 0.5)) }).toEqual({ trouble, over: [trouble] });
    }
    expect(troubles({})).toEqual([]);
  });

  it('a wireless link is held to its own latency threshold', () => {
    const latency = { latencyMs: { rx: T.latencyMs + 50, tx: 0 } };
    expect(troubles({ ...latency, wireless: false })).toEqual(['Latency']);
    expect(troubles({ ...latency, wireless: true })).toEqual([]);
    expect(troubles({ latencyMs: { rx: T.wirelessLatencyMs + 1, tx: 0 }, wireless: true })).toEqual(['Latency']);
  });

  it('utilization needs a known bandwidth; the trouble says threshold and both measured directions', () => {
    expect(utilizationPct({ ...healthy, bytes: { rx: bytesFor(50), tx: bytesFor(10) } }, 30)).toEqual({
      rx: 50,
      tx: 10,
    });
    expect(utilizationPct({ ...healthy, bandwidthBps: { rx: 0, tx: 0 }, bytes: { rx: 1e12, tx: 0 } }, 30).rx).toBe(0);
    const [found] = linkTroubles({ ...healthy, latencyMs: { rx: 301.26, tx: 12 } }, T);
    expect(found).toEqual({
      trouble: 'Latency',
      interface: 'GE1',
      linkName: 'GE1 ISP',
      threshold: '140 ms',
      measured: 'Rx 301.3 ms, Tx 12 ms',
    });
  });

  it('circuit instability: at the event threshold it is a trouble, one under it is not', () => {
    expect(instability(T.instabilityEvents - 1, T)).toBeUndefined();
    expect(instability(T.instabilityEvents, T)).toMatchObject({
      trouble: 'Circuit Instability',
      measured: '10 events',
    });
  });

  const edge: TroubledEdge = {
    host: 'mettel.velocloud.net',
    enterpriseId: 1,
    edgeId: 101,
    edgeName: 'acme-hq',
    serialNumber: 'VC05200028729',
    clientId: '9994',
    troubles: [],
  };
  const scan = { scanMinutes: 30, at: '2026-11-24T15:00:00Z', timeZone: 'America/New_York' };

  it('the note carries every field and is read back as its trouble and interface', () => {
    const [found] = linkTroubles({ ...healthy, jitterMs: { rx: 80, tx: 2 } }, T);
    const note = troubleNote(edge, found, scan);
    for (const line of [
      'Trouble: Jitter',
      'Interface: GE1',
      'Edge Name: acme-hq',
      'Serial: VC05200028729',
      'Link: GE1 ISP',
      'Threshold: 50 ms',
      'Measured: Rx 80 ms, Tx 2 ms',
      'Scan interval: 30 min',
      'Scan time: 2026-11-24 10:00:00 EST',
      'VeloCloud: https://mettel.velocloud.net/#!/operator/customer/1/monitor/edge/101/',
    ])
      expect(note).toContain(line);
    expect(noteTrouble(note)).toEqual({ trouble: 'Jitter', interface: 'GE1' });
    expect(noteTrouble('a person wrote Trouble: Jitter\nInterface: GE1')).toBeUndefined();
    const long = troubleNote({ ...edge, edgeName: 'x'.repeat(3000) }, found, scan);
    expect(long.length).toBeLessThanOrEqual(NOTE_LIMIT);
  });

  it('a trouble already noted on the open ticket for the same interface is not new; another interface is', () => {
    const [ge1] = linkTroubles({ ...healthy, jitterMs: { rx: 80, tx: 2 } }, T);
    const ge2 = { ...ge1, interface: 'GE2' };
    const notes = [{ noteValue: troubleNote(edge, ge1, scan) }, { noteValue: null }];
    expect(newTroubles([ge1, ge2], notes)).toEqual([ge2]);
  });

  it('auto-resolves after 90 min by day and 3 h at night, at most 3 times per ticket', () => {
    const policy = { dayMinutes: 90, nightMinutes: 180, maxPerTicket: 3, timeZone: 'America/New_York' };
    const [found] = linkTroubles({ ...healthy, jitterMs: { rx: 80, tx: 2 } }, T);
    const noteAt = (iso: string) => ({ noteValue: troubleNote(edge, found, scan), createdDate: iso });
    const day = Date.parse('2026-11-24T17:00:00Z'); // 12:00 in New York
    const night = Date.parse('2026-11-25T03:00:00Z'); // 22:00
    expect([isNight(day, policy.timeZone), isNight(night, policy.timeZone)]).toEqual([false, true]);
    const minutesBefore = (at: number, m: number) => new Date(at - m * 60_000).toISOString();
    expect(autoResolveDecision([noteAt(minutesBefore(day, 89))], day, policy)).toEqual({
      resolve: false,
      why: 'recent-trouble',
    });
    expect(autoResolveDecision([noteAt(minutesBefore(day, 90))], day, policy)).toEqual({
      resolve: true,
      clearedMinutes: 90,
    });
    expect(autoResolveDecision([noteAt(minutesBefore(night, 120))], night, policy).resolve).toBe(false);
    expect(autoResolveDecision([noteAt(minutesBefore(night, 180))], night, policy).resolve).toBe(true);
    const resolvedThrice = [1, 2, 3].map(() => ({
      noteValue: autoResolveNote('VC1', 95, 'c'),
      createdDate: minutesBefore(day, 500),
    }));
    expect(
      autoResolveDecision([noteAt(minutesBefore(day, 200)), ...resolvedThrice.slice(1)], day, policy).resolve,
    ).toBe(true);
    expect(autoResolveDecision([noteAt(minutesBefore(day, 200)), ...resolvedThrice], day, policy)).toEqual({
      resolve: false,
      why: 'limit-reached',
    });
    expect(autoResolveDecision([{ noteValue: 'human', createdDate: minutesBefore(day, 500) }], day, policy)).toEqual({
      resolve: false,
      why: 'no-trouble-note',
    });
  });

  describe('hysteresis: held between the clear level and the threshold', () => {
    const holds = (link: Partial<LinkMetrics>, events = 0) => holdsTrouble([{ ...healthy, ...link }], events, T);

    it('clears under 80 % of each threshold: under holds nothing, at holds, over is a trouble', () => {
      expect(clearLevelsAt(T, 0.8)).toEqual({
        latencyMs: 112,
        wirelessLatencyMs: 240,
        packetLossPct: 6.4,
        jitterMs: 40,
        bandwidthPct: 72,
        instabilityEvents: 8,
      });
      for (const [figure, under, at] of [
        ['latencyMs', 111.9, 112],
        ['lossPct', 6.39, 6.4],
        ['jitterMs', 39.9, 40],
      ] as const) {
        expect(holds({ [figure]: { rx: under, tx: 0 } })).toBe(false);
        expect(holds({ [figure]: { rx: 0, tx: at } })).toBe(true);
      }
      expect(holds({ latencyMs: { rx: 200, tx: 0 }, wireless: true })).toBe(false); // wireless clears under 240
      expect(holds({ latencyMs: { rx: 240, tx: 0 }, wireless: true })).toBe(true);
      expect(holds({ bytes: { rx: bytesFor(71.9), tx: 0 } })).toBe(false);
      expect(holds({ bytes: { rx: bytesFor(72), tx: 0 } })).toBe(true);
      expect(holds({}, 7)).toBe(false);
      expect(holds({}, 8)).toBe(true);
      // Over the threshold it is a trouble, raised by linkTroubles; holding only matters below it.
      expect(troubles({ lossPct: { rx: 8.5, tx: 0 } })).toEqual(['Packet Loss']);
      expect(troubles({ lossPct: { rx: 7.5, tx: 0 } })).toEqual([]);
    });

    it('uses the configured clear levels; a level at the threshold turns it off', () => {
      const custom = { ...T, clearLevels: { ...clearLevelsAt(T, 0.8), packetLossPct: 5 } };
      expect(holdsTrouble([{ ...healthy, lossPct: { rx: 5.5, tx: 0 } }], 0, custom)).toBe(true);
      const off = { ...T, clearLevels: clearLevelsAt(T, 1) };
      expect(holdsTrouble([{ ...healthy, lossPct: { rx: 7.9, tx: 0 } }], 0, off)).toBe(false);
    });
  });
});
