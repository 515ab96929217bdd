import { countingStore } from '../../../store/counting-store';
import { SqliteAppStore } from '../../../store/sqlite-app-store';

describe('app-store errors counted', () => {
  it('reports each failed call by operation (devops and fleet calls under their prefix) and rethrows it', async () => {
    const raw = new SqliteAppStore(':memory:');
    const failed: string[] = [];
    const store = countingStore(raw, (operation) => failed.push(operation));
    expect(await store.begin('k1', 'sms')).toEqual({ state: 'new' });
    expect(await store.devops.devopsRepos('2026-01-01T00:00:00Z')).toEqual([]);
    expect(failed).toEqual([]);
    await raw.close(); // the database goes away under the engine
    await expect(store.get('k1')).rejects.toThrow(/not open/);
    await expect(
      store.devops.recordDevopsEvent({ time: '2026-11-01T00:00:00Z', repo: 'r', event: 'push' }),
    ).rejects.toThrow();
    await expect(store.fleet.latestFleetSnapshot()).rejects.toThrow();
    expect(failed).toEqual(['get', 'devops.recordDevopsEvent', 'fleet.latestFleetSnapshot']);
  });
});
