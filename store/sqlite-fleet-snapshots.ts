import type Database from 'better-sqlite3';
import type { FleetCounts, FleetSnapshot } from '../domain/fleet';
import type { SitesCycleStats } from '../domain/sites-statistics';
import {
  CLOSED_INTERVALS_KEPT_DAYS,
  groupByInterval,
  PARTS_KEPT_MINUTES,
  SNAPSHOTS_KEPT,
  type FleetSnapshotStore,
} from './fleet-snapshots';

/** Fleet snapshots in the SQLite app store. */
export class SqliteFleetSnapshots implements FleetSnapshotStore {
  constructor(private readonly db: Database.Database) {
    db.exec(
      'CREATE TABLE IF NOT EXISTS fleet_snapshots (cycle TEXT PRIMARY KEY, taken_at TEXT NOT NULL, snapshot TEXT NOT NULL)',
    );
    db.exec(
      'CREATE TABLE IF NOT EXISTS fleet_parts (cycle TEXT NOT NULL, part INTEGER NOT NULL, saved_at TEXT NOT NULL, counts TEXT NOT NULL, PRIMARY KEY (cycle, part))',
    );
    db.exec(
      'CREATE TABLE IF NOT EXISTS sites_cycles (cycle TEXT PRIMARY KEY, interval_start TEXT NOT NULL, taken_at TEXT NOT NULL, stats TEXT NOT NULL)',
    );
    db.exec(
      'CREATE TABLE IF NOT EXISTS sites_intervals_closed (interval_start TEXT PRIMARY KEY, closed_at TEXT NOT NULL)',
    );
  }

  async saveFleetPart(cycle: string, part: number, counts: FleetCounts): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO fleet_parts (cycle, part, saved_at, counts) VALUES (?, ?, ?, ?) ON CONFLICT (cycle, part) DO UPDATE SET saved_at = excluded.saved_at, counts = excluded.counts',
      )
      .run(cycle, part, new Date().toISOString(), JSON.stringify(counts));
  }

  async fleetParts(cycle: string): Promise<FleetCounts[]> {
    const rows = this.db.prepare('SELECT counts FROM fleet_parts WHERE cycle = ? ORDER BY part').all(cycle) as Array<{
      counts: string;
    }>;
    return rows.map((r) => JSON.parse(r.counts) as FleetCounts);
  }

  async saveFleetSnapshot(snapshot: FleetSnapshot): Promise<void> {
    const partsBefore = new Date(Date.now() - PARTS_KEPT_MINUTES * 60_000).toISOString();
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM fleet_parts WHERE cycle <> ? AND saved_at < ?').run(snapshot.cycle, partsBefore);
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

  async recordSitesCycle(stats: SitesCycleStats): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO sites_cycles (cycle, interval_start, taken_at, stats) SELECT ?, ?, ?, ?
        WHERE NOT EXISTS (SELECT 1 FROM sites_intervals_closed WHERE interval_start = ?)
        ON CONFLICT (cycle) DO UPDATE SET stats = excluded.stats`,
      )
      .run(stats.cycle, stats.intervalStart, stats.takenAt, JSON.stringify(stats), stats.intervalStart);
  }

  async openSitesIntervals(before: string): Promise<SitesCycleStats[][]> {
    const rows = this.db
      .prepare('SELECT stats FROM sites_cycles WHERE interval_start < ? ORDER BY interval_start, taken_at')
      .all(before) as Array<{ stats: string }>;
    return groupByInterval(rows.map((r) => JSON.parse(r.stats) as SitesCycleStats));
  }

  async closeSitesInterval(intervalStart: string, closedAt: string): Promise<void> {
    const forgetBefore = new Date(Date.parse(closedAt) - CLOSED_INTERVALS_KEPT_DAYS * 86_400_000).toISOString();
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO sites_intervals_closed (interval_start, closed_at) VALUES (?, ?) ON CONFLICT DO NOTHING')
        .run(intervalStart, closedAt);
      this.db.prepare('DELETE FROM sites_cycles WHERE interval_start = ?').run(intervalStart);
      this.db.prepare('DELETE FROM sites_intervals_closed WHERE interval_start < ?').run(forgetBefore);
    })();
  }
}
