import { countEnterprise, mergeCounts } from '../../../domain/fleet';

const link = (state: 'STABLE' | 'DISCONNECTED' | 'UNSTABLE', iface = 'GE1') => ({
  interface: iface,
  displayName: `${iface} ISP`,
  state,
});

describe('fleet counts (domain/fleet.ts)', () => {
  const one = countEnterprise('h1', 1, [
    { id: 1, name: 'hq', edgeState: 'CONNECTED', links: [link('STABLE'), link('UNSTABLE', 'GE2')] },
    { id: 2, name: 'shop', edgeState: 'OFFLINE', links: [link('DISCONNECTED')] },
    { id: 3, name: 'depot', edgeState: 'CONNECTED', links: [link('STABLE'), link('DISCONNECTED', 'GE2')] },
  ]);
  const two = countEnterprise('h1', 2, [{ id: 9, name: 'lab', edgeState: 'CONNECTED', links: [link('STABLE')] }]);

  it('counts edges per enterprise and state, links per state, and names the faulty edges with why', () => {
    expect(one.edgesProcessed).toBe(3);
    expect(one.edges).toEqual([
      { host: 'h1', enterpriseId: 1, state: 'CONNECTED', count: 2 },
      { host: 'h1', enterpriseId: 1, state: 'OFFLINE', count: 1 },
    ]);
    expect(one.links).toEqual([
      { state: 'STABLE', count: 2 },
      { state: 'UNSTABLE', count: 1 },
      { state: 'DISCONNECTED', count: 2 },
    ]);
    expect(one.faulty.map((f) => [f.name, f.reason])).toEqual([
      ['shop', 'edge offline'],
      ['depot', 'link disconnected (GE2 ISP)'],
    ]);
  });

  it('merges batches: edge rows side by side, link states summed', () => {
    const all = mergeCounts([one, two, countEnterprise('h1', 3, [])]);
    expect(all.edgesProcessed).toBe(4);
    expect(all.edges).toHaveLength(3);
    expect(all.links.find((l) => l.state === 'STABLE')?.count).toBe(3);
    expect(all.faulty).toHaveLength(2);
  });
});
