import type { Pool } from 'pg';
import type { MaintenanceWindow } from '../domain/maintenance';
import type { MaintenanceWindowStore } from './maintenance-windows';
import { schemaOnFirstUse } from './postgres-schema';

/** Maintenance windows in the PostgreSQL app store. */
export class PostgresMaintenanceWindows implements MaintenanceWindowStore {
  constructor(private readonly pool: Pool) {}

  /** Creates the tables on first use; a failed attempt is tried again by the next call. */
  private readonly ready = schemaOnFirstUse(() =>
    this.pool.query(
      `CREATE TABLE IF NOT EXISTS maintenance_windows (id TEXT PRIMARY KEY, starts_at TIMESTAMPTZ NOT NULL, ends_at TIMESTAMPTZ NOT NULL, record JSONB NOT NULL);
        CREATE INDEX IF NOT EXISTS maintenance_windows_end ON maintenance_windows (ends_at)`,
    ),
  );

  async saveMaintenanceWindow(window: MaintenanceWindow): Promise<void> {
    await this.ready();
    await this.pool.query(
      `INSERT INTO maintenance_windows (id, starts_at, ends_at, record) VALUES ($1, $2, $3, $4)
      ON CONFLICT (id) DO UPDATE SET starts_at = excluded.starts_at, ends_at = excluded.ends_at, record = excluded.record`,
      [window.id, window.start, window.end, JSON.stringify(window)],
    );
  }

  async openMaintenanceWindows(at: Date): Promise<MaintenanceWindow[]> {
    await this.ready();
    const { rows } = await this.pool.query<{ record: MaintenanceWindow }>(
      'SELECT record FROM maintenance_windows WHERE starts_at <= $1 AND ends_at > $1',
      [at],
    );
    return rows.map((r) => r.record);
  }

  async maintenanceWindowsSince(since: Date): Promise<MaintenanceWindow[]> {
    await this.ready();
    const { rows } = await this.pool.query<{ record: MaintenanceWindow }>(
      'SELECT record FROM maintenance_windows WHERE ends_at > $1 ORDER BY starts_at, id',
      [since],
    );
    return rows.map((r) => r.record);
  }
}
