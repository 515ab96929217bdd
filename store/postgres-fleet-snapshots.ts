import type { Pool } from 'pg';
import type { FleetCounts, FleetSnapshot } from '../domain/fleet';
import { inTransaction } from './postgres-transaction';
import type { SitesCycleStats } from '../domain/sites-statistics';
import { schemaOnFirstUse } from './postgres-schema';
import {
  CLOSED_INTERVALS_KEPT_DAYS,
  groupByInterval,
  PARTS_KEPT_MINUTES,
  SNAPSHOTS_KEPT,
  type FleetSnapshotStore,
} from './fleet-snapshots';

/** Fleet snapshots in the PostgreSQL app store. */
export class PostgresFleetSnapshots implements FleetSnapshotStore {
  constructor(private readonly pool: Pool) {}

  /** Creates the tables on first use; a failed attempt is tried again by the next call. */
  private readonly ready = schemaOnFirstUse(() =>
    this.pool.query(
      `CREATE TABLE IF NOT EXISTS fleet_snapshots (cycle TEXT PRIMARY KEY, taken_at TIMESTAMPTZ NOT NULL, snapshot JSONB NOT NULL);
        CREATE TABLE IF NOT EXISTS fleet_parts (cycle TEXT NOT NULL, part INTEGER NOT NULL, saved_at TIMESTAMPTZ NOT NULL, counts JSONB NOT NULL, PRIMARY KEY (cycle, part));
        CREATE TABLE IF NOT EXISTS sites_cycles (cycle TEXT PRIMARY KEY, interval_start TIMESTAMPTZ NOT NULL, taken_at TIMESTAMPTZ NOT NULL, stats JSONB NOT NULL);
        CREATE TABLE IF NOT EXISTS sites_intervals_closed (interval_start TIMESTAMPTZ PRIMARY KEY, closed_at TIMESTAMPTZ NOT NULL)`,
    ),
  );

  async saveFleetPart(cycle: string, part: number, counts: FleetCounts): Promise<void> {
    await this.ready();
    await this.pool.query(
      `INSERT INTO fleet_parts (cycle, part, saved_at, counts) VALUES ($1, $2, now(), $3)
      ON CONFLICT (cycle, part) DO UPDATE SET saved_at = EXCLUDED.saved_at, counts = EXCLUDED.counts`,
      [cycle, part, JSON.stringify(counts)],
    );
  }

  async fleetParts(cycle: string): Promise<FleetCounts[]> {
    await this.ready();
    const { rows } = await this.pool.query<{ counts: FleetCounts }>(
      'SELECT counts FROM fleet_parts WHERE cycle = $1 ORDER BY part',
      [cycle],
    );
    return rows.map((r) => r.counts);
  }

  async saveFleetSnapshot(snapshot: FleetSnapshot): Promise<void> {
    await this.ready();
    await this.pool.query(
      `DELETE FROM fleet_parts WHERE cycle <> $1 AND saved_at < now() - make_interval(mins => $2)`,
      [snapshot.cycle, PARTS_KEPT_MINUTES],
    );
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
    await this.ready();
    const { rows } = await this.pool.query<{ snapshot: FleetSnapshot }>(
      'SELECT snapshot FROM fleet_snapshots ORDER BY taken_at DESC LIMIT 1',
    );
    return rows[0]?.snapshot;
  }

  async recordSitesCycle(stats: SitesCycleStats): Promise<void> {
    await this.ready();
    await this.pool.query(
      `INSERT INTO sites_cycles (cycle, interval_start, taken_at, stats) SELECT $1, $2, $3, $4
      WHERE NOT EXISTS (SELECT 1 FROM sites_intervals_closed WHERE interval_start = $2)
      ON CONFLICT (cycle) DO UPDATE SET stats = EXCLUDED.stats`,
      [stats.cycle, stats.intervalStart, stats.takenAt, JSON.stringify(stats)],
    );
  }

  async openSitesIntervals(before: string): Promise<SitesCycleStats[][]> {
    await this.ready();
    const { rows } = await this.pool.query<{ stats: SitesCycleStats }>(
      'SELECT stats FROM sites_cycles WHERE interval_start < $1 ORDER BY interval_start, taken_at',
      [before],
    );
    return groupByInterval(rows.map((r) => r.stats));
  }

  async closeSitesInterval(intervalStart: string, closedAt: string): Promise<void> {
    await this.ready();
    const forgetBefore = new Date(Date.parse(closedAt) - CLOSED_INTERVALS_KEPT_DAYS * 86_400_000).toISOString();
    await inTransaction(this.pool, async (db) => {
      await db.query(
        'INSERT INTO sites_intervals_closed (interval_start, closed_at) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [intervalStart, closedAt],
      );
      await db.query('DELETE FROM sites_cycles WHERE interval_start = $1', [intervalStart]);
      await db.query('DELETE FROM sites_intervals_closed WHERE interval_start < $1', [forgetBefore]);
    });
  }
}
