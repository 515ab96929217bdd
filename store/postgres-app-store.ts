import { Pool } from 'pg';
import {
  joinChunks,
  refuseEmptyReplacement,
  type CustomerCache,
  type CustomerCacheEntry,
  type CustomerCacheSnapshot,
} from './customer-cache';
import type { BeginResult, Channel, LedgerEntry, NotificationLedger } from './ledger';
import type { ProcessedKeys } from './processed-keys';
import { summarizeOwed, type OwedMark, type OwedSummary, type OwedWork } from './owed-work';
import type { RecheckClaims } from './recheck-claims';
import type { Forgotten, StoreRetention } from './retention';
import { PostgresDevopsEvents } from './postgres-devops-events';
import { PostgresFleetSnapshots } from './postgres-fleet-snapshots';
import { PostgresEdgeFlaps } from './postgres-edge-flaps';
import { PostgresMaintenanceWindows } from './postgres-maintenance-windows';
import { PostgresReportFiles } from './postgres-report-files';
import { schemaOnFirstUse } from './postgres-schema';

const warnIdleError = (err: Error) =>
  console.warn(`app store: an idle PostgreSQL connection failed (${err.message}); the next query opens another`);

interface Row {
  idempotency_key: string;
  channel: Channel;
  status: 'pending' | 'sent';
  attempts: number;
  provider_id: string | null;
  created_at: Date;
  content_digest: string | null;
}

/** The ledger on PostgreSQL (DATABASE_URL), for worker pools spread over several hosts. */
export class PostgresAppStore
  implements NotificationLedger, CustomerCache, ProcessedKeys, RecheckClaims, OwedWork, StoreRetention
{
  readonly devops: PostgresDevopsEvents;
  readonly fleet: PostgresFleetSnapshots;
  readonly flaps: PostgresEdgeFlaps;
  readonly maintenance: PostgresMaintenanceWindows;
  readonly reports: PostgresReportFiles;

  constructor(private readonly pool: Pool) {
    this.devops = new PostgresDevopsEvents(pool);
    this.fleet = new PostgresFleetSnapshots(pool);
    this.flaps = new PostgresEdgeFlaps(pool);
    this.maintenance = new PostgresMaintenanceWindows(pool);
    this.reports = new PostgresReportFiles(pool);
  }

  /**
   * Creates the tables on first use, not in the constructor: there a PostgreSQL that is down when the process starts
   * made a rejection nobody awaited (the process died), and the store never tried again. A failed attempt is tried
   * again by the next call.
   */
  private readonly ready = schemaOnFirstUse(() =>
    this.pool.query(`CREATE TABLE IF NOT EXISTS notification_ledger (
      idempotency_key TEXT PRIMARY KEY,
      channel TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'sent')),
      attempts INTEGER NOT NULL,
      provider_id TEXT,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE TABLE IF NOT EXISTS customer_cache (source TEXT PRIMARY KEY, refreshed_at TEXT NOT NULL, entries JSONB NOT NULL);
    CREATE TABLE IF NOT EXISTS customer_cache_staging (seq BIGSERIAL PRIMARY KEY, source TEXT NOT NULL, generation TEXT NOT NULL, entries JSONB NOT NULL, staged_at TIMESTAMPTZ NOT NULL DEFAULT now());
    CREATE TABLE IF NOT EXISTS processed_keys (scope TEXT NOT NULL, key TEXT NOT NULL, processed_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (scope, key));
    CREATE TABLE IF NOT EXISTS recheck_claims (device TEXT PRIMARY KEY, holder TEXT NOT NULL, until TIMESTAMPTZ NOT NULL);
    CREATE TABLE IF NOT EXISTS owed_work (subject TEXT PRIMARY KEY, holder TEXT NOT NULL, since TIMESTAMPTZ NOT NULL);
    ALTER TABLE notification_ledger ADD COLUMN IF NOT EXISTS content_digest TEXT;
    CREATE INDEX IF NOT EXISTS notification_ledger_updated ON notification_ledger (updated_at);
    CREATE INDEX IF NOT EXISTS processed_keys_processed ON processed_keys (processed_at)`),
  );

  async forgetBefore(before: Date, limit: number): Promise<Forgotten> {
    await this.ready();
    // By physical row (ctid): the chunk found through the timestamp's index is deleted without a second lookup.
    const notifications = await this.pool.query(
      `DELETE FROM notification_ledger WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM notification_ledger WHERE updated_at < $1 LIMIT $2))`,
      [before, limit],
    );
    const processedKeys = await this.pool.query(
      `DELETE FROM processed_keys WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM processed_keys WHERE processed_at < $1 LIMIT $2))`,
      [before, limit],
    );
    return { notifications: notifications.rowCount ?? 0, processedKeys: processedKeys.rowCount ?? 0 };
  }

  async processedAmong(scope: string, keys: string[]): Promise<string[]> {
    await this.ready();
    if (keys.length === 0) return [];
    const { rows } = await this.pool.query<{ key: string }>(
      'SELECT key FROM processed_keys WHERE scope = $1 AND key = ANY($2::text[])',
      [scope, keys],
    );
    const found = new Set(rows.map((r) => r.key));
    return keys.filter((k) => found.has(k));
  }

  async claimRechecks(devices: string[], holder: string, until: Date): Promise<string[]> {
    await this.ready();
    if (devices.length === 0) return [];
    // One statement: a lapsed claim or the holder's own (a retried activity) is taken over, any other left alone.
    const { rows } = await this.pool.query<{ device: string }>(
      `INSERT INTO recheck_claims (device, holder, until) SELECT unnest($1::text[]), $2, $3
       ON CONFLICT (device) DO UPDATE SET holder = excluded.holder, until = excluded.until
       WHERE recheck_claims.holder = excluded.holder OR recheck_claims.until <= now()
       RETURNING device`,
      [devices, holder, until],
    );
    const held = new Set(rows.map((r) => r.device));
    return devices.filter((d) => held.has(d));
  }

  async releaseRechecks(devices: string[], holder: string): Promise<void> {
    await this.ready();
    if (devices.length === 0) return;
    await this.pool.query('DELETE FROM recheck_claims WHERE device = ANY($1::text[]) AND holder = $2', [
      devices,
      holder,
    ]);
  }

  async markOwed(subject: string, holder: string, since: Date): Promise<void> {
    await this.ready();
    await this.pool.query(
      `INSERT INTO owed_work (subject, holder, since) VALUES ($1, $2, $3)
       ON CONFLICT (subject) DO UPDATE SET holder = excluded.holder, since = LEAST(owed_work.since, excluded.since)`,
      [subject, holder, since],
    );
  }

  async clearOwed(subject: string, holder: string): Promise<void> {
    await this.ready();
    await this.pool.query('DELETE FROM owed_work WHERE subject = $1 AND holder = $2', [subject, holder]);
  }

  async owedAmong(subjects: string[]): Promise<string[]> {
    await this.ready();
    if (subjects.length === 0) return [];
    const { rows } = await this.pool.query<{ subject: string }>(
      'SELECT subject FROM owed_work WHERE subject = ANY($1::text[])',
      [subjects],
    );
    const owed = new Set(rows.map((r) => r.subject));
    return subjects.filter((s) => owed.has(s));
  }

  async listOwed(prefix: string): Promise<string[]> {
    await this.ready();
    const { rows } = await this.pool.query<{ subject: string }>(
      'SELECT subject FROM owed_work WHERE starts_with(subject, $1) ORDER BY subject',
      [prefix],
    );
    return rows.map((r) => r.subject);
  }

  async owedSummary(): Promise<OwedSummary[]> {
    await this.ready();
    const { rows } = await this.pool.query<{ subject: string; since: Date }>('SELECT subject, since FROM owed_work');
    return summarizeOwed(rows);
  }

  async owedMarksHeld(limit: number): Promise<OwedMark[]> {
    await this.ready();
    const { rows } = await this.pool.query<OwedMark>(
      'SELECT subject, holder, since FROM owed_work ORDER BY since, subject LIMIT $1',
      [limit],
    );
    return rows;
  }

  async markProcessed(scope: string, keys: string[]): Promise<void> {
    await this.ready();
    if (keys.length === 0) return;
    await this.pool.query(
      'INSERT INTO processed_keys (scope, key) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING',
      [scope, keys],
    );
  }

  async stageCustomerCache(source: string, generation: string, entries: CustomerCacheEntry[]): Promise<void> {
    await this.ready();
    await this.pool.query('INSERT INTO customer_cache_staging (source, generation, entries) VALUES ($1, $2, $3)', [
      source,
      generation,
      JSON.stringify(entries),
    ]);
  }

  async commitCustomerCache(source: string, generation: string, refreshedAt: string): Promise<number> {
    await this.ready();
    const db = await this.pool.connect();
    try {
      await db.query('BEGIN');
      const { rows } = await db.query<{ entries: CustomerCacheEntry[] }>(
        'SELECT entries FROM customer_cache_staging WHERE source = $1 AND generation = $2 ORDER BY seq',
        [source, generation],
      );
      const entries = joinChunks(rows.map((r) => r.entries));
      const current = await db.query<{ n: number }>(
        'SELECT jsonb_array_length(entries) AS n FROM customer_cache WHERE source = $1',
        [source],
      );
      refuseEmptyReplacement(source, entries.length, current.rows[0]?.n ?? 0);
      await db.query(
        `INSERT INTO customer_cache (source, refreshed_at, entries) VALUES ($1, $2, $3)
        ON CONFLICT (source) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at, entries = EXCLUDED.entries`,
        [source, refreshedAt, JSON.stringify(entries)],
      );
      // Only this generation's chunks, and leftovers of refreshes that died more than a day ago.
      await db.query(
        "DELETE FROM customer_cache_staging WHERE source = $1 AND (generation = $2 OR staged_at < now() - interval '1 day')",
        [source, generation],
      );
      await db.query('COMMIT');
      return entries.length;
    } catch (err) {
      await db.query('ROLLBACK');
      throw err;
    } finally {
      db.release();
    }
  }

  async customerCache(source: string): Promise<CustomerCacheSnapshot | undefined> {
    await this.ready();
    const { rows } = await this.pool.query<{ refreshed_at: string; entries: CustomerCacheEntry[] }>(
      'SELECT refreshed_at, entries FROM customer_cache WHERE source = $1',
      [source],
    );
    return rows[0] && { refreshedAt: rows[0].refreshed_at, entries: rows[0].entries };
  }

  /**
   * `onIdleError` hears of a pooled connection that failed while idle (PostgreSQL restarted, or a proxy closed it).
   * The pool drops it and opens another for the next query; with no listener, Node would end the process instead.
   */
  static connect(url: string, onIdleError: (err: Error) => void = warnIdleError): PostgresAppStore {
    const pool = new Pool({ connectionString: url, max: 10 });
    pool.on('error', onIdleError);
    return new PostgresAppStore(pool);
  }

  async begin(key: string, channel: Channel, contentDigest?: string): Promise<BeginResult> {
    await this.ready();
    // One statement decides new vs existing atomically; the row lock serialises concurrent attempts.
    const inserted = await this.pool.query(
      `INSERT INTO notification_ledger (idempotency_key, channel, status, attempts, content_digest)
       VALUES ($1, $2, 'pending', 1, $3)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key`,
      [key, channel, contentDigest ?? null],
    );
    if (inserted.rowCount === 1) return { state: 'new' };
    const { rows } = await this.pool.query<Row>(
      `UPDATE notification_ledger SET attempts = attempts + CASE WHEN status = 'pending' THEN 1 ELSE 0 END, updated_at = now()
       WHERE idempotency_key = $1 RETURNING *`,
      [key],
    );
    const row = rows[0];
    if (row.status === 'sent') return { state: 'sent', providerId: row.provider_id ?? '' };
    return {
      state: 'pending',
      attempts: row.attempts - 1,
      since: new Date(row.created_at).toISOString(),
      ...(row.content_digest ? { contentDigest: row.content_digest } : {}),
    };
  }

  async intend(key: string, contentDigest: string): Promise<void> {
    await this.ready();
    await this.pool.query(
      "UPDATE notification_ledger SET content_digest = $2, updated_at = now() WHERE idempotency_key = $1 AND status = 'pending'",
      [key, contentDigest],
    );
  }

  async markSent(key: string, providerId: string): Promise<void> {
    await this.ready();
    await this.pool.query(
      "UPDATE notification_ledger SET status = 'sent', provider_id = $2, updated_at = now() WHERE idempotency_key = $1",
      [key, providerId],
    );
  }

  async get(key: string): Promise<LedgerEntry | undefined> {
    await this.ready();
    const { rows } = await this.pool.query<Row>('SELECT * FROM notification_ledger WHERE idempotency_key = $1', [key]);
    const r = rows[0];
    return (
      r && {
        key: r.idempotency_key,
        channel: r.channel,
        status: r.status,
        attempts: r.attempts,
        providerId: r.provider_id,
      }
    );
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
