import type Database from 'better-sqlite3';
import { ALL_REPOS, DEVOPS_EVENTS, type DevopsEvent, type DevopsEventName } from '../domain/dora';
import {
  calcDeploymentFreqEvent,
  doraMetadata,
  type DevopsEventStore,
  type DoraResult,
  type IncomingDevopsEvent,
} from './devops-events';

const KNOWN = DEVOPS_EVENTS.map((e) => `'${e}'`).join(', ');

/** DevOps events in the SQLite app store. Times are ISO strings in UTC, so text order is time order. */
export class SqliteDevopsEvents implements DevopsEventStore {
  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS devops_events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      event_id TEXT UNIQUE,
      time TEXT NOT NULL,
      repo TEXT NOT NULL,
      event TEXT NOT NULL,
      metadata TEXT,
      received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    )`);
    db.exec('CREATE INDEX IF NOT EXISTS devops_events_repo_time ON devops_events (repo, time)');
    db.exec('CREATE INDEX IF NOT EXISTS devops_events_time ON devops_events (time)');
    db.exec(
      'CREATE TABLE IF NOT EXISTS dora_results (repo TEXT NOT NULL, window_days INTEGER NOT NULL, computed_at TEXT NOT NULL, keys TEXT NOT NULL, PRIMARY KEY (repo, window_days))',
    );
  }

  async recordDevopsEvent(e: IncomingDevopsEvent): Promise<'stored' | 'duplicate'> {
    return this.insert(e) === 1 ? 'stored' : 'duplicate';
  }

  private insert(e: IncomingDevopsEvent): number {
    return this.db
      .prepare(
        'INSERT INTO devops_events (event_id, time, repo, event, metadata) VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING',
      )
      .run(
        e.eventId ?? null,
        new Date(e.time).toISOString(),
        e.repo,
        e.event,
        e.metadata === undefined ? null : JSON.stringify(e.metadata),
      ).changes;
  }

  async devopsEvents(repo: string, from: string, to: string): Promise<DevopsEvent[]> {
    const rows = (
      repo === ALL_REPOS
        ? this.db
            .prepare(
              `SELECT time, repo, event, metadata FROM devops_events WHERE time >= ? AND time < ? AND event IN (${KNOWN}) ORDER BY time, seq`,
            )
            .all(iso(from), iso(to))
        : this.db
            .prepare(
              `SELECT time, repo, event, metadata FROM devops_events WHERE repo IN (?, '${ALL_REPOS}') AND time >= ? AND time < ? AND event IN (${KNOWN}) ORDER BY time, seq`,
            )
            .all(repo, iso(from), iso(to))
    ) as Array<{ time: string; repo: string; event: DevopsEventName; metadata: string | null }>;
    return rows.map((r) => ({
      time: r.time,
      repo: r.repo,
      event: r.event,
      metadata: r.metadata === null ? undefined : doraMetadata(JSON.parse(r.metadata)),
    }));
  }

  async devopsRepos(from: string): Promise<string[]> {
    const rows = this.db
      .prepare(
        `SELECT DISTINCT repo FROM devops_events WHERE time >= ? AND repo <> '${ALL_REPOS}' AND event IN (${KNOWN}) ORDER BY repo`,
      )
      .all(iso(from)) as Array<{ repo: string }>;
    return rows.map((r) => r.repo);
  }

  async saveDoraResult(result: DoraResult): Promise<void> {
    const calc = calcDeploymentFreqEvent(result);
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO dora_results (repo, window_days, computed_at, keys) VALUES (?, ?, ?, ?) ON CONFLICT (repo, window_days) DO UPDATE SET computed_at = excluded.computed_at, keys = excluded.keys WHERE excluded.computed_at >= dora_results.computed_at',
        )
        .run(result.keys.repo, result.keys.windowDays, result.computedAt, JSON.stringify(result.keys));
      this.insert(calc);
    })();
  }

  async latestDoraResults(): Promise<DoraResult[]> {
    const rows = this.db
      .prepare('SELECT computed_at, keys FROM dora_results ORDER BY repo, window_days')
      .all() as Array<{
      computed_at: string;
      keys: string;
    }>;
    return rows.map((r) => ({ computedAt: r.computed_at, keys: JSON.parse(r.keys) as DoraResult['keys'] }));
  }
}

const iso = (t: string) => new Date(t).toISOString();
