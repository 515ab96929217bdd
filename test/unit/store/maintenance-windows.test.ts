import { join } from 'node:path';
import type { MaintenanceWindow } from '../../../domain/maintenance';
import { PostgresAppStore } from '../../../store/postgres-app-store';
import { SqliteAppStore } from '../../../store/sqlite-app-store';
import type { AppStore } from '../../../store';
import { tempDir } from '../../helpers/env';

function windowsContract(name: string, open: () => AppStore) {
  describe(`${name} maintenance windows`, () => {
    let store: AppStore;
    beforeAll(() => {
      store = open();
    });
    afterAll(async () => {
      await store.close();
    });
    // A persistent PostgreSQL test database keeps earlier runs' windows: this run's are told apart by their IDs.
    const base = Date.parse('2090-01-01T00:00:00Z') + (Date.now() % 1_000_000) * 60_000;
    const at = (hours: number) => new Date(base + hours * 3_600_000);
    const window = (id: string, from: number, to: number): MaintenanceWindow => ({
      id: `${id}-${base}`,
      scope: { kind: 'device', serialNumber: `VC${id}` },
      start: at(from).toISOString(),
      end: at(to).toISOString(),
      timeZone: 'America/New_York',
      reason: 'works',
      setBy: 'noc',
    });

    it('answers the windows open at an instant (start inclusive, end exclusive), and a save replaces', async () => {
      await store.maintenance.saveMaintenanceWindow(window('a', 0, 2));
      await store.maintenance.saveMaintenanceWindow(window('b', 1, 3));
      const ours = (windows: Array<{ id: string }>) => windows.map((w) => w.id).filter((id) => id.endsWith(`-${base}`));
      const ids = async (h: number) => ours(await store.maintenance.openMaintenanceWindows(at(h))).sort();
      expect(await ids(0)).toEqual([`a-${base}`]);
      expect(await ids(1.5)).toEqual([`a-${base}`, `b-${base}`]);
      expect(await ids(2)).toEqual([`b-${base}`]);
      await store.maintenance.saveMaintenanceWindow(window('b', 1, 1.25)); // ended early
      expect(await ids(1.5)).toEqual([`a-${base}`]);
      const listed = await store.maintenance.maintenanceWindowsSince(at(1.1));
      expect(ours(listed)).toEqual([`a-${base}`, `b-${base}`]);
      expect(listed.find((w) => w.id === `b-${base}`)?.end).toBe(at(1.25).toISOString());
      expect(ours(await store.maintenance.maintenanceWindowsSince(at(1.5)))).toEqual([`a-${base}`]);
    });
  });
}

windowsContract('sqlite', () => new SqliteAppStore(join(tempDir('maintenance-'), 'store.sqlite')));

const pgUrl = process.env.TEST_DATABASE_URL;
if (pgUrl) windowsContract('postgres', () => PostgresAppStore.connect(pgUrl));
else
  describe('postgres maintenance windows', () => {
    it.skip('needs TEST_DATABASE_URL (.ci/run starts PostgreSQL and sets it)', () => undefined);
  });
