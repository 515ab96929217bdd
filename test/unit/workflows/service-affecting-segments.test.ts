import { mergeScanResults } from '../../../workflows/service-affecting/service-affecting-scan';
import type { ServiceAffectingMonitorResult } from '../../../workflows/service-affecting/service-affecting-monitor';

const segment = (over: Partial<ServiceAffectingMonitorResult> = {}): ServiceAffectingMonitorResult => ({
  edgesChecked: 10_000,
  unmonitored: 1,
  troubledEdges: 200,
  holding: 5,
  alreadyChecking: 0,
  ticketsCreated: 150,
  ticketsNoted: 40,
  nothingNew: 10,
  ticketsResolved: 3,
  resolveWaiting: 2,
  resolveLimitReached: 1,
  owed: 0,
  failures: [],
  discarded: 0,
  discards: [],
  dryRun: false,
  intended: [],
  ...over,
});

describe("a large fleet's service-affecting scan told as one: its segments' tallies added up", () => {
  it('adds every count and lists the first 50 failures across segments', () => {
    const failures = (p: string, n: number) => Array.from({ length: n }, (_, i) => ({ item: `${p}${i}`, reason: 'r' }));
    const merged = mergeScanResults([
      segment({ failures: failures('a', 30) }),
      segment({ inMaintenance: 4, failures: failures('b', 30) }),
    ]);
    expect(merged).toMatchObject({
      edgesChecked: 20_000,
      troubledEdges: 400,
      holding: 10,
      inMaintenance: 4,
      ticketsCreated: 300,
      ticketsNoted: 80,
      ticketsResolved: 6,
      resolveLimitReached: 2,
    });
    expect(merged.failures).toHaveLength(50);
    expect(merged.failures[30].item).toBe('b0');
    expect(mergeScanResults([segment(), segment()])).not.toHaveProperty('inMaintenance');
  });
});
