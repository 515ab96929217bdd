import { join } from 'node:path';
import type { FlapRecord } from '../../../domain/flapping';
import { PostgresAppStore } from '../../../store/postgres-app-store';
import { SqliteAppStore } from '../../../store/sqlite-app-store';
import type { AppStore } from '../../../store';
import { tempDir } from '../../helpers/env';

function flapContract(name: string, open: () => AppStore) {
  describe(`${name} flap records`, () => {
    let store: AppStore;
    beforeAll(() => {
      store = open();
    });
    afterAll(async () => {
      await store.close();
    });
    // A persistent PostgreSQL test database keeps earlier runs' rows: this run's devices and scopes are its own.
    const run = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    const scope = (n: number) => `h/${run}/${n}`;
    const device = (n: number) => `VC-${run}-${n}`;
    const record = (down: boolean, since?: string): FlapRecord => ({
      down,
      changes: ['2026-12-03T10:00:00.000Z'],
      cycle: 'outage-monitor-1',
      ...(since ? { flapping: { since, first: since, last: since, changes: 3, noted: false } } : {}),
    });

    it("reads an enterprise's records, saves and forgets in one call", async () => {
      await store.flaps.saveFlapRecords([
        { device: device(1), scope: scope(1), record: record(true) },
        { device: device(2), scope: scope(1), record: record(false, '2026-12-03T10:06:00.000Z') },
        { device: device(3), scope: scope(2), record: record(true) },
      ]);
      expect([...(await store.flaps.flapRecords([scope(1)])).keys()].sort()).toEqual([device(1), device(2)]);
      expect((await store.flaps.flapRecords([scope(1), scope(2)])).get(device(3))).toEqual(record(true));
      await store.flaps.saveFlapRecords([
        { device: device(1), scope: scope(1) },
        { device: device(3), scope: scope(2), record: record(false) },
      ]);
      const after = await store.flaps.flapRecords([scope(1), scope(2)]);
      expect(after.has(device(1))).toBe(false);
      expect(after.get(device(3))?.down).toBe(false);
      expect((await store.flaps.flapRecords([])).size).toBe(0);
    });

    it("marks an episode noted, and not a later episode's", async () => {
      await store.flaps.saveFlapRecords([
        { device: device(4), scope: scope(3), record: record(true, '2026-12-03T11:00:00.000Z') },
        { device: device(5), scope: scope(3), record: record(true, '2026-12-03T11:00:00.000Z') },
      ]);
      await store.flaps.markFlapNoted([
        { device: device(4), since: '2026-12-03T11:00:00.000Z' },
        { device: device(5), since: '2026-12-03T10:00:00.000Z' },
        { device: device(6), since: '2026-12-03T10:00:00.000Z' },
      ]);
      const records = await store.flaps.flapRecords([scope(3)]);
      expect(records.get(device(4))?.flapping?.noted).toBe(true);
      expect(records.get(device(5))?.flapping?.noted).toBe(false);
      expect(records.has(device(6))).toBe(false);
    });
  });
}

flapContract('sqlite', () => new SqliteAppStore(join(tempDir('flaps-'), 'store.sqlite')));

const pgUrl = process.env.TEST_DATABASE_URL;
if (pgUrl) flapContract('postgres', () => PostgresAppStore.connect(pgUrl));
else
  describe('postgres flap records', () => {
    it.skip('needs TEST_DATABASE_URL (.ci/run starts PostgreSQL and sets it)', () => undefined);
  });
