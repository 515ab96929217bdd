import type Database from 'better-sqlite3';
import type { FleetSnapshot } from '../domain/fleet';
import { SNAPSHOTS_KEPT, type FleetSnapshotStore } from './fleet-snapshots';

/** Fleet snapshots in the SQLite app store. */
export class SqliteFleetSnapshots implements FleetSnapshotStore {
  constructor(private readonly db: Database.Database) {
    db.exec(
      'CREATE TABLE IF NOT EXISTS fleet_snapshots (cycle TEXT PRIMARY KEY, taken_at TEXT NOT NULL, snapshot TEXT NOT NULL)',
    );
  }

  async saveFleetSnapshot(snapshot: FleetSnapshot): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO fleet_snapshots (cycle, taken_at, snapshot) VALUES (?, ?, ?) ON CONFLICT (cycle) DO UPDATE SET taken_at = excluded.taken_at, snapshot = excluded.snapshot',
        )
        .run(snapshot.cycle, snapshot.takenAt, JSON.stringify(snapshot));
      this.db
        .prepare(
          'DELETE FROM fleet_snapshots WHERE cycle NOT IN (SELECT cycle FROM fleet_snapshots ORDER BY taken_at DESC LIMIT ?)',
        )
        .run(SNAPSHOTS_KEPT);
    })();
  }

  async latestFleetSnapshot(): Promise<FleetSnapshot | undefined> {
    const row = this.db.prepare('SELECT snapshot FROM fleet_snapshots ORDER BY taken_at DESC LIMIT 1').get() as
      { snapshot: string } | undefined;
    return row && (JSON.parse(row.snapshot) as FleetSnapshot);
  }
}
