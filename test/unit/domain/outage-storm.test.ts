import { groupStorms, stormAlert, stormCandidates, type HeldAlert } from '../../../domain/outage-storm';

const held = (enterprise: string, n: number): HeldAlert[] =>
  Array.from({ length: n }, (_, i) => ({
    enterprise,
    ticketId: String(5000 + i),
    serialNumber: `VC${1000 + i}`,
    edgeName: `edge-${i}`,
    text: `Outage ticket ${5000 + i} created for edge edge-${i}`,
  }));

describe('outage storms (domain/outage-storm.ts)', () => {
  const suspects = (enterpriseId: number, n: number) => Array.from({ length: n }, () => ({ host: 'h', enterpriseId }));

  it('holds alerts back for an enterprise with at least the minimum suspects; none when off', () => {
    expect(stormCandidates([...suspects(1, 10), ...suspects(2, 9)], 10)).toEqual(['h/1']);
    expect(stormCandidates(suspects(1, 50), 0)).toEqual([]);
  });

  it('a storm at 10 new tickets, not at 9: the 9 go one by one', () => {
    const { storms, single } = groupStorms([...held('h/1', 10), ...held('h/2', 9)], 10);
    expect(storms.map((s) => [s.enterprise, s.alerts.length])).toEqual([['h/1', 10]]);
    expect(single).toHaveLength(9);
    expect(single.every((a) => a.enterprise === 'h/2')).toBe(true);
  });

  it('one message: the enterprise and count, the first 20 edges with their tickets, the story and the cycle', () => {
    const text = stormAlert({
      enterprise: 'mettel.velocloud.net/7',
      alerts: held('mettel.velocloud.net/7', 200),
      cycleUrl: 'http://ui/wf',
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      ':rotating_light: *Outage storm*: 200 new outage tickets for enterprise 7 on mettel.velocloud.net in one cycle',
    );
    expect(lines.slice(1, 21)).toHaveLength(20);
    expect(lines[1]).toBe('• edge-0 (VC1000): ticket 5000');
    expect(lines[21]).toBe('… and 180 more');
    expect(lines.slice(22)).toEqual([
      'What happened to one: npm run story -- edge VC1000',
      'The cycle and its rechecks: http://ui/wf',
    ]);
  });
});
