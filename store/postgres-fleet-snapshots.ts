import type { Pool } from 'pg';
import type { FleetSnapshot } from '../domain/fleet';
import { SNAPSHOTS_KEPT, type FleetSnapshotStore } from './fleet-snapshots';

/** Fleet snapshots in the PostgreSQL app store. */
export class PostgresFleetSnapshots implements FleetSnapshotStore {
  private schema?: Promise<unknown>;

  constructor(private readonly pool: Pool) {}

  /** Creates the table on first use; a failed attempt is tried again by the next call. */
  private get ready(): Promise<unknown> {
    this.schema ??= this.pool
      .query(
        'CREATE TABLE IF NOT EXISTS fleet_snapshots (cycle TEXT PRIMARY KEY, taken_at TIMESTAMPTZ NOT NULL, snapshot JSONB NOT NULL)',
      )
      .catch((err: unknown) => {
        this.schema = undefined;
        throw err;
      });
    return this.schema;
  }

  async saveFleetSnapshot(snapshot: FleetSnapshot): Promise<void> {
    await this.ready;
    await this.pool.query(
      `INSERT INTO fleet_snapshots (cycle, taken_at, snapshot) VALUES ($1, $2, $3)
      ON CONFLICT (cycle) DO UPDATE SET taken_at = EXCLUDED.taken_at, snapshot = EXCLUDED.snapshot`,
      [snapshot.cycle, snapshot.takenAt, JSON.stringify(snapshot)],
    );
    await this.pool.query(
      'DELETE FROM fleet_snapshots WHERE cycle NOT IN (SELECT cycle FROM fleet_snapshots ORDER BY taken_at DESC LIMIT $1)',
      [SNAPSHOTS_KEPT],
    );
  }

  async latestFleetSnapshot(): Promise<FleetSnapshot | undefined> {
    await this.ready;
    const { rows } = await this.pool.query<{ snapshot: FleetSnapshot }>(
      'SELECT snapshot FROM fleet_snapshots ORDER BY taken_at DESC LIMIT 1',
    );
    return rows[0]?.snapshot;
  }
}
