import { join } from 'node:path';
import { countEnterprise, type FleetSnapshot } from '../../../domain/fleet';
import { cycleStats } from '../../../domain/sites-statistics';
import { PostgresAppStore } from '../../../store/postgres-app-store';
import { PARTS_KEPT_MINUTES } from '../../../store/fleet-snapshots';
import { SqliteAppStore } from '../../../store/sqlite-app-store';
import type { AppStore } from '../../../store';
import { tempDir } from '../../helpers/env';

function fleetContract(name: string, open: () => AppStore) {
  describe(`${name} fleet snapshots`, () => {
    let store: AppStore;
    beforeAll(() => {
      store = open();
    });
    afterAll(async () => {
      await store.close();
    });
    // A persistent PostgreSQL test database holds earlier runs' snapshots: this run's times come after all of
    // theirs (far future, offset by the run's own start, which only grows).
    const base = Date.parse('2090-01-01T00:00:00Z') + Date.now();
    const snapshot = (i: number, edges = 1): FleetSnapshot => ({
      ...countEnterprise(
        'h',
        1,
        Array.from({ length: edges }, (_, k) => ({ id: k, name: `e${k}`, edgeState: 'CONNECTED' as const, links: [] })),
      ),
      cycle: `sites-monitor-${base}-${i}`,
      takenAt: new Date(base + i * 120_000).toISOString(),
    });

    it('serves the latest snapshot; a retried save of the same cycle replaces it; keeps the last 100', async () => {
      for (let i = 0; i < 103; i++) await store.fleet.saveFleetSnapshot(snapshot(i));
      await store.fleet.saveFleetSnapshot(snapshot(102, 7)); // the same cycle again, with what it read this time
      const latest = await store.fleet.latestFleetSnapshot();
      expect(latest?.cycle).toBe(`sites-monitor-${base}-102`);
      expect(latest?.edgesProcessed).toBe(7);
      expect(latest?.edges).toEqual([{ host: 'h', enterpriseId: 1, state: 'CONNECTED', count: 7 }]);
      await store.fleet.saveFleetSnapshot(snapshot(50)); // a late, older cycle is kept but is not the latest
      expect((await store.fleet.latestFleetSnapshot())?.cycle).toBe(`sites-monitor-${base}-102`);
    });

    it("keeps a cycle's parts in batch order, a retried batch replacing its own, past the cycle's snapshot", async () => {
      const cycle = `sites-monitor-${base}-parts`;
      const part = (edges: number) => snapshot(0, edges);
      await store.fleet.saveFleetPart(cycle, 2, part(3));
      await store.fleet.saveFleetPart(cycle, 1, part(1));
      await store.fleet.saveFleetPart(cycle, 2, part(4)); // the batch retried, with what it read this time
      expect((await store.fleet.fleetParts(cycle)).map((p) => p.edgesProcessed)).toEqual([1, 4]);
      expect(await store.fleet.fleetParts(`${cycle}-other`)).toEqual([]);
      // A retried snapshot save must find them again.
      await store.fleet.saveFleetSnapshot({ ...part(5), cycle, takenAt: new Date(base).toISOString() });
      expect(await store.fleet.fleetParts(cycle)).toHaveLength(2);
    });

    it("keeps each interval's cycles once until the interval is closed; a late cycle cannot reopen it", async () => {
      const hour = 3_600_000;
      // An hour of its own: a persistent PostgreSQL test database keeps earlier runs' intervals, closed ones included.
      const start = Date.parse('2200-01-01T00:00:00Z') + Math.floor(Math.random() * 1_000_000) * 3 * hour;
      const at = (min: number) => new Date(start + min * 60_000).toISOString();
      const ours = (groups: Array<Array<{ cycle: string }>>) =>
        groups.map((g) => g.map((c) => c.cycle).filter((c) => c.startsWith(`${base}-`))).filter((g) => g.length > 0);
      const cycle = (name: string, min: number) =>
        store.fleet.recordSitesCycle(cycleStats(`${base}-${name}`, at(min), 3600, snapshot(min)));
      await cycle('a', 0);
      await cycle('b', 2);
      await cycle('b', 2); // a retried activity
      await cycle('c', 58);
      await cycle('next', 60);
      expect(ours(await store.fleet.openSitesIntervals(at(0)))).toEqual([]);
      expect(ours(await store.fleet.openSitesIntervals(at(60)))).toEqual([[`${base}-a`, `${base}-b`, `${base}-c`]]);
      expect(ours(await store.fleet.openSitesIntervals(at(120)))).toEqual([
        [`${base}-a`, `${base}-b`, `${base}-c`],
        [`${base}-next`],
      ]);
      await store.fleet.closeSitesInterval(at(0), at(61));
      await store.fleet.closeSitesInterval(at(0), at(62)); // closed twice: still closed once
      await cycle('late', 30);
      expect(ours(await store.fleet.openSitesIntervals(at(120)))).toEqual([[`${base}-next`]]);
    });
  });
}

fleetContract('sqlite', () => new SqliteAppStore(join(tempDir('fleet'), 'app.sqlite')));

describe('sqlite fleet snapshots: how many are kept', () => {
  it('keeps the last 100', async () => {
    const store = new SqliteAppStore(':memory:');
    for (let i = 0; i < 105; i++)
      await store.fleet.saveFleetSnapshot({
        ...countEnterprise('h', 1, []),
        cycle: `c${i}`,
        takenAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
      });
    const db = (store as unknown as { db: { prepare(sql: string): { get(): { n: number } } } }).db;
    expect(db.prepare('SELECT count(*) AS n FROM fleet_snapshots').get().n).toBe(100);
    expect((await store.fleet.latestFleetSnapshot())?.cycle).toBe('c104');
    await store.close();
  });
});

describe("sqlite fleet snapshots: how long a cycle's parts are kept", () => {
  it('drops the parts of other cycles older than PARTS_KEPT_MINUTES when a snapshot is saved', async () => {
    const store = new SqliteAppStore(':memory:');
    const counts = countEnterprise('h', 1, []);
    await store.fleet.saveFleetPart('died-half-way', 1, counts);
    await store.fleet.saveFleetPart('recent', 1, counts);
    const db = (store as unknown as { db: { prepare(sql: string): { run(...a: unknown[]): void } } }).db;
    const old = new Date(Date.now() - (PARTS_KEPT_MINUTES + 1) * 60_000).toISOString();
    db.prepare("UPDATE fleet_parts SET saved_at = ? WHERE cycle = 'died-half-way'").run(old);
    await store.fleet.saveFleetPart('now', 1, counts);
    db.prepare("UPDATE fleet_parts SET saved_at = ? WHERE cycle = 'now'").run(old);
    await store.fleet.saveFleetSnapshot({ ...counts, cycle: 'now', takenAt: new Date().toISOString() });
    expect(await store.fleet.fleetParts('died-half-way')).toEqual([]);
    expect(await store.fleet.fleetParts('recent')).toHaveLength(1);
    expect(await store.fleet.fleetParts('now')).toHaveLength(1);
    await store.close();
  });
});

const pgUrl = process.env.TEST_DATABASE_URL;
if (pgUrl) fleetContract('postgres', () => PostgresAppStore.connect(pgUrl));
else
  describe('postgres fleet snapshots', () => {
    it.skip('needs TEST_DATABASE_URL (.ci/run starts PostgreSQL and sets it)', () => undefined);
  });
