import { mergeSegmentResults } from '../../../workflows/outage/outage-segment';
import type { OutageMonitorResult } from '../../../workflows/outage/outage-monitor';

const segment = (over: Partial<OutageMonitorResult> = {}): OutageMonitorResult => ({
  edgesChecked: 10_000,
  unmonitored: 3,
  inOutage: 300,
  rechecksStarted: 300,
  alreadyRechecking: 0,
  recovered: 10,
  ticketsCreated: 290,
  ticketsUnresolved: 0,
  ticketsInProgress: 0,
  ticketsResolved: 5,
  discarded: 0,
  discards: [],
  dryRun: false,
  intendedActions: [],
  ...over,
});
const devices = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ device: `${prefix}${i}`, reason: 'r' }));

describe("a large fleet's cycle told as one: its segments' tallies added up", () => {
  it('adds every count; a kind of trouble no segment had stays absent, as one cycle reports it', () => {
    const merged = mergeSegmentResults([segment(), segment({ inMaintenance: 7, settled: 2 }), segment()]);
    expect(merged).toEqual({
      ...segment({ edgesChecked: 30_000, unmonitored: 9, inOutage: 900, rechecksStarted: 900, recovered: 30 }),
      ticketsCreated: 870,
      ticketsResolved: 15,
      inMaintenance: 7,
      settled: 2,
    });
    expect(merged).not.toHaveProperty('owed');
    expect(merged).not.toHaveProperty('storms');
  });

  it('lists the first 50 devices of each kind across segments, with the whole count', () => {
    const merged = mergeSegmentResults([
      segment({ discarded: 40, discards: devices('a', 40), owed: 3, owedDevices: devices('o', 3) }),
      segment({ discarded: 30, discards: devices('b', 30) }),
    ]);
    expect(merged.discarded).toBe(70);
    expect(merged.discards).toHaveLength(50);
    expect(merged.discards.slice(39, 41).map((d) => d.device)).toEqual(['a39', 'b0']);
    expect([merged.owed, merged.owedDevices?.length]).toEqual([3, 3]);
  });

  it("keeps each segment's storms and adds up flapping", () => {
    const merged = mergeSegmentResults([
      segment({ storms: [{ enterprise: 'h/1', tickets: 12 }], flapping: { flapping: 2, noted: 1, notePending: 1 } }),
      segment({ storms: [{ enterprise: 'h/9', tickets: 40 }], flapping: { flapping: 3, noted: 3, notePending: 0 } }),
    ]);
    expect(merged.storms).toEqual([
      { enterprise: 'h/1', tickets: 12 },
      { enterprise: 'h/9', tickets: 40 },
    ]);
    expect(merged.flapping).toEqual({ flapping: 5, noted: 4, notePending: 1 });
  });
});
