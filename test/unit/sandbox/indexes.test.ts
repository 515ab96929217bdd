import { Sandbox } from '../../../sandbox/sandbox';

describe('sandbox indexes', () => {
  it('are rebuilt after a write to their own collection or a reset, not after a write elsewhere', () => {
    const sandbox = new Sandbox('demo');
    let builds = 0;
    const edgeCount = () =>
      sandbox.indexed('velocloud', 'edges', 'count', (all) => {
        builds++;
        return Object.keys(all).length;
      });
    const first = edgeCount();
    expect(edgeCount()).toBe(first);
    sandbox.touched('bruin', 'tickets'); // a ticket created: the edges' index stands
    edgeCount();
    expect(builds).toBe(1);
    sandbox.touched('velocloud', 'edges');
    edgeCount();
    expect(builds).toBe(2);
    sandbox.reset('empty');
    expect(edgeCount()).toBe(0);
    expect(builds).toBe(3);
  });
});
