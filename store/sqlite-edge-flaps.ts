import type Database from 'better-sqlite3';
import { withFlapNoted, type FlapRecord } from '../domain/flapping';
import type { EdgeFlapStore, StoredFlap } from './edge-flaps';

/** Flap records in the SQLite app store. */
export class SqliteEdgeFlaps implements EdgeFlapStore {
  constructor(private readonly db: Database.Database) {
    db.exec(
      'CREATE TABLE IF NOT EXISTS edge_flaps (device TEXT PRIMARY KEY, scope TEXT NOT NULL, record TEXT NOT NULL)',
    );
    db.exec('CREATE INDEX IF NOT EXISTS edge_flaps_scope ON edge_flaps (scope)');
  }

  async flapRecords(scopes: string[]): Promise<Map<string, FlapRecord>> {
    const read = this.db.prepare('SELECT device, record FROM edge_flaps WHERE scope = ?');
    const rows = scopes.flatMap((s) => read.all(s) as Array<{ device: string; record: string }>);
    return new Map(rows.map((r) => [r.device, JSON.parse(r.record) as FlapRecord]));
  }

  async saveFlapRecords(flaps: StoredFlap[]): Promise<void> {
    const save = this.db.prepare(
      'INSERT INTO edge_flaps (device, scope, record) VALUES (?, ?, ?) ON CONFLICT (device) DO UPDATE SET scope = excluded.scope, record = excluded.record',
    );
    const forget = this.db.prepare('DELETE FROM edge_flaps WHERE device = ?');
    this.db.transaction(() => {
      for (const f of flaps) {
        if (f.record) save.run(f.device, f.scope, JSON.stringify(f.record));
        else forget.run(f.device);
      }
    })();
  }

  async markFlapNoted(devices: Array<{ device: string; since: string }>): Promise<void> {
    const read = this.db.prepare('SELECT record FROM edge_flaps WHERE device = ?');
    const write = this.db.prepare('UPDATE edge_flaps SET record = ? WHERE device = ?');
    this.db.transaction(() => {
      for (const { device, since } of devices) {
        const row = read.get(device) as { record: string } | undefined;
        if (row) write.run(JSON.stringify(withFlapNoted(JSON.parse(row.record) as FlapRecord, since)), device);
      }
    })();
  }
}
