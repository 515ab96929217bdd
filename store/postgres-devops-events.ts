import type { Pool } from 'pg';
import { ALL_REPOS, DEVOPS_EVENTS, type DevopsEvent, type DevopsEventName } from '../domain/dora';
import {
  calcDeploymentFreqEvent,
  doraMetadata,
  type DevopsEventStore,
  type DoraResult,
  type IncomingDevopsEvent,
} from './devops-events';
import { schemaOnFirstUse } from './postgres-schema';

const INSERT =
  'INSERT INTO devops_events (event_id, time, repo, event, metadata) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id) DO NOTHING';
const eventParams = (e: IncomingDevopsEvent) => [
  e.eventId ?? null,
  e.time,
  e.repo,
  e.event,
  e.metadata === undefined ? null : JSON.stringify(e.metadata),
];

/** DevOps events in the PostgreSQL app store. */
export class PostgresDevopsEvents implements DevopsEventStore {
  constructor(private readonly pool: Pool) {}

  /** Creates the tables on first use (a store that is never asked stays quiet); a failed attempt is tried again. */
  private readonly ready = schemaOnFirstUse(() =>
    this.pool.query(
      `CREATE TABLE IF NOT EXISTS devops_events (
      seq BIGSERIAL PRIMARY KEY,
      event_id TEXT UNIQUE,
      time TIMESTAMPTZ NOT NULL,
      repo TEXT NOT NULL,
      event TEXT NOT NULL,
      metadata JSONB,
      received_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX IF NOT EXISTS devops_events_repo_time ON devops_events (repo, time);
    CREATE INDEX IF NOT EXISTS devops_events_time ON devops_events (time);
    CREATE TABLE IF NOT EXISTS dora_results (repo TEXT NOT NULL, window_days INTEGER NOT NULL, computed_at TIMESTAMPTZ NOT NULL, keys JSONB NOT NULL, PRIMARY KEY (repo, window_days))`,
    ),
  );

  async recordDevopsEvent(e: IncomingDevopsEvent): Promise<'stored' | 'duplicate'> {
    await this.ready();
    const { rowCount } = await this.pool.query(INSERT, eventParams(e));
    return rowCount === 1 ? 'stored' : 'duplicate';
  }

  async devopsEvents(repo: string, from: string, to: string): Promise<DevopsEvent[]> {
    await this.ready();
    const { rows } = await this.pool.query<{ time: Date; repo: string; event: DevopsEventName; metadata: unknown }>(
      `SELECT time, repo, event, metadata FROM devops_events
      WHERE ($1 = '${ALL_REPOS}' OR repo = $1 OR repo = '${ALL_REPOS}') AND time >= $2 AND time < $3 AND event = ANY($4::text[])
      ORDER BY time, seq`,
      [repo, from, to, DEVOPS_EVENTS],
    );
    return rows.map((r) => ({
      time: r.time.toISOString(),
      repo: r.repo,
      event: r.event,
      metadata: doraMetadata(r.metadata),
    }));
  }

  async devopsRepos(from: string): Promise<string[]> {
    await this.ready();
    const { rows } = await this.pool.query<{ repo: string }>(
      `SELECT DISTINCT repo FROM devops_events WHERE time >= $1 AND repo <> '${ALL_REPOS}' AND event = ANY($2::text[]) ORDER BY repo`,
      [from, DEVOPS_EVENTS],
    );
    return rows.map((r) => r.repo);
  }

  async saveDoraResult(result: DoraResult): Promise<void> {
    await this.ready();
    const db = await this.pool.connect();
    try {
      await db.query('BEGIN');
      await db.query(
        `INSERT INTO dora_results (repo, window_days, computed_at, keys) VALUES ($1, $2, $3, $4)
        ON CONFLICT (repo, window_days) DO UPDATE SET computed_at = EXCLUDED.computed_at, keys = EXCLUDED.keys
        WHERE EXCLUDED.computed_at >= dora_results.computed_at`,
        [result.keys.repo, result.keys.windowDays, result.computedAt, JSON.stringify(result.keys)],
      );
      await db.query(INSERT, eventParams(calcDeploymentFreqEvent(result)));
      await db.query('COMMIT');
    } catch (err) {
      await db.query('ROLLBACK');
      throw err;
    } finally {
      db.release();
    }
  }

  async latestDoraResults(): Promise<DoraResult[]> {
    await this.ready();
    const { rows } = await this.pool.query<{ computed_at: Date; keys: DoraResult['keys'] }>(
      'SELECT computed_at, keys FROM dora_results ORDER BY repo, window_days',
    );
    return rows.map((r) => ({ computedAt: r.computed_at.toISOString(), keys: r.keys }));
  }
}
