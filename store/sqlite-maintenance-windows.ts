import type Database from 'better-sqlite3';
import type { MaintenanceWindow } from '../domain/maintenance';
import type { MaintenanceWindowStore } from './maintenance-windows';

/** Maintenance windows in the SQLite app store (instants as epoch milliseconds, so they compare as numbers). */
export class SqliteMaintenanceWindows implements MaintenanceWindowStore {
  constructor(private readonly db: Database.Database) {
    db.exec(
      'CREATE TABLE IF NOT EXISTS maintenance_windows (id TEXT PRIMARY KEY, start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL, record TEXT NOT NULL)',
    );
    db.exec('CREATE INDEX IF NOT EXISTS maintenance_windows_end ON maintenance_windows (end_ms)');
  }

  async saveMaintenanceWindow(window: MaintenanceWindow): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO maintenance_windows (id, start_ms, end_ms, record) VALUES (?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET start_ms = excluded.start_ms, end_ms = excluded.end_ms, record = excluded.record`,
      )
      .run(window.id, Date.parse(window.start), Date.parse(window.end), JSON.stringify(window));
  }

  async openMaintenanceWindows(at: Date): Promise<MaintenanceWindow[]> {
    const rows = this.db
      .prepare('SELECT record FROM maintenance_windows WHERE start_ms <= ? AND end_ms > ?')
      .all(at.getTime(), at.getTime()) as Array<{ record: string }>;
    return rows.map((r) => JSON.parse(r.record) as MaintenanceWindow);
  }

  async maintenanceWindowsSince(since: Date): Promise<MaintenanceWindow[]> {
    const rows = this.db
      .prepare('SELECT record FROM maintenance_windows WHERE end_ms > ? ORDER BY start_ms, id')
      .all(since.getTime()) as Array<{ record: string }>;
    return rows.map((r) => JSON.parse(r.record) as MaintenanceWindow);
  }
}
