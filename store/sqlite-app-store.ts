import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
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
import { SqliteDevopsEvents } from './sqlite-devops-events';
import { SqliteFleetSnapshots } from './sqlite-fleet-snapshots';
import { SqliteEdgeFlaps } from './sqlite-edge-flaps';
import { SqliteMaintenanceWindows } from './sqlite-maintenance-windows';
import { SqliteReportFiles } from './sqlite-report-files';

interface Row {
  idempotency_key: string;
  channel: Channel;
  status: 'pending' | 'sent';
  attempts: number;
  provider_id: string | null;
  created_at: string;
  content_digest: string | null;
}

const toEntry = (r: Row): LedgerEntry => ({
  key: r.idempotency_key,
  channel: r.channel,
  status: r.status,
  attempts: r.attempts,
  providerId: r.provider_id,
});

/** The embedded default: a SQLite file (WAL), safe for several worker processes on one host. */
export class SqliteAppStore
  implements NotificationLedger, CustomerCache, ProcessedKeys, RecheckClaims, OwedWork, StoreRetention
{
  private readonly db: Database.Database;
  readonly devops: SqliteDevopsEvents;
  readonly fleet: SqliteFleetSnapshots;
  readonly flaps: SqliteEdgeFlaps;
  readonly maintenance: SqliteMaintenanceWindows;
  readonly reports: SqliteReportFiles;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS notification_ledger (
      idempotency_key TEXT PRIMARY KEY,
      channel TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'sent')),
      attempts INTEGER NOT NULL,
      provider_id TEXT,
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    )`);
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS customer_cache (source TEXT PRIMARY KEY, refreshed_at TEXT NOT NULL, entries TEXT NOT NULL)',
    );
    this.db.exec(
      "CREATE TABLE IF NOT EXISTS processed_keys (scope TEXT NOT NULL, key TEXT NOT NULL, processed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), PRIMARY KEY (scope, key))",
    );
    // Ledgers from before content digests gain the column; their rows have none.
    const ledgerColumns = this.db.prepare('PRAGMA table_info(notification_ledger)').all() as Array<{ name: string }>;
    if (!ledgerColumns.some((c) => c.name === 'content_digest'))
      this.db.exec('ALTER TABLE notification_ledger ADD COLUMN content_digest TEXT');
    // The retention run finds what is old without reading every row.
    this.db.exec('CREATE INDEX IF NOT EXISTS notification_ledger_updated ON notification_ledger (updated_at)');
    this.db.exec('CREATE INDEX IF NOT EXISTS processed_keys_processed ON processed_keys (processed_at)');
    this.db.exec(
      "CREATE TABLE IF NOT EXISTS customer_cache_staging (seq INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL, generation TEXT NOT NULL, entries TEXT NOT NULL, staged_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))",
    );
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS recheck_claims (device TEXT PRIMARY KEY, holder TEXT NOT NULL, until_ms INTEGER NOT NULL)',
    );
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS owed_work (subject TEXT PRIMARY KEY, holder TEXT NOT NULL, since_ms INTEGER NOT NULL)',
    );
    this.devops = new SqliteDevopsEvents(this.db);
    this.fleet = new SqliteFleetSnapshots(this.db);
    this.flaps = new SqliteEdgeFlaps(this.db);
    this.maintenance = new SqliteMaintenanceWindows(this.db);
    this.reports = new SqliteReportFiles(this.db);
  }

  async forgetBefore(before: Date, limit: number): Promise<Forgotten> {
    const at = before.toISOString(); // the columns' own format: ISO strings compare in time order
    const forget = (table: string, column: string) =>
      this.db
        .prepare(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${column} < ? LIMIT ?)`)
        .run(at, limit).changes;
    return {
      notifications: forget('notification_ledger', 'updated_at'),
      processedKeys: forget('processed_keys', 'processed_at'),
    };
  }

  async processedAmong(scope: string, keys: string[]): Promise<string[]> {
    const has = this.db.prepare('SELECT 1 FROM processed_keys WHERE scope = ? AND key = ?');
    return keys.filter((k) => has.get(scope, k) !== undefined);
  }

  async claimRechecks(devices: string[], holder: string, until: Date): Promise<string[]> {
    // A lapsed claim or the holder's own (a retried activity) is taken over; any other is left alone.
    const claim = this.db.prepare(
      `INSERT INTO recheck_claims (device, holder, until_ms) VALUES (?, ?, ?)
       ON CONFLICT (device) DO UPDATE SET holder = excluded.holder, until_ms = excluded.until_ms
       WHERE recheck_claims.holder = excluded.holder OR recheck_claims.until_ms <= ?`,
    );
    const now = Date.now();
    return this.db.transaction(() => devices.filter((d) => claim.run(d, holder, until.getTime(), now).changes > 0))();
  }

  async releaseRechecks(devices: string[], holder: string): Promise<void> {
    const release = this.db.prepare('DELETE FROM recheck_claims WHERE device = ? AND holder = ?');
    this.db.transaction(() => {
      for (const d of devices) release.run(d, holder);
    })();
  }

  async markOwed(subject: string, holder: string, since: Date): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO owed_work (subject, holder, since_ms) VALUES (?, ?, ?)
         ON CONFLICT (subject) DO UPDATE SET holder = excluded.holder, since_ms = min(owed_work.since_ms, excluded.since_ms)`,
      )
      .run(subject, holder, since.getTime());
  }

  async clearOwed(subject: string, holder: string): Promise<void> {
    this.db.prepare('DELETE FROM owed_work WHERE subject = ? AND holder = ?').run(subject, holder);
  }

  async owedAmong(subjects: string[]): Promise<string[]> {
    const has = this.db.prepare('SELECT 1 FROM owed_work WHERE subject = ?');
    return subjects.filter((s) => has.get(s) !== undefined);
  }

  async listOwed(prefix: string): Promise<string[]> {
    const rows = this.db.prepare('SELECT subject FROM owed_work ORDER BY subject').all() as Array<{ subject: string }>;
    return rows.map((r) => r.subject).filter((s) => s.startsWith(prefix));
  }

  async owedSummary(): Promise<OwedSummary[]> {
    const rows = this.db.prepare('SELECT subject, since_ms FROM owed_work').all() as Array<{
      subject: string;
      since_ms: number;
    }>;
    return summarizeOwed(rows.map((r) => ({ subject: r.subject, since: new Date(r.since_ms) })));
  }

  async owedMarksHeld(limit: number): Promise<OwedMark[]> {
    const rows = this.db
      .prepare('SELECT subject, holder, since_ms FROM owed_work ORDER BY since_ms, subject LIMIT ?')
      .all(limit) as Array<{ subject: string; holder: string; since_ms: number }>;
    return rows.map((r) => ({ subject: r.subject, holder: r.holder, since: new Date(r.since_ms) }));
  }

  async markProcessed(scope: string, keys: string[]): Promise<void> {
    const insert = this.db.prepare('INSERT INTO processed_keys (scope, key) VALUES (?, ?) ON CONFLICT DO NOTHING');
    this.db.transaction(() => {
      for (const k of keys) insert.run(scope, k);
    })();
  }

  async stageCustomerCache(source: string, generation: string, entries: CustomerCacheEntry[]): Promise<void> {
    this.db
      .prepare('INSERT INTO customer_cache_staging (source, generation, entries) VALUES (?, ?, ?)')
      .run(source, generation, JSON.stringify(entries));
  }

  async commitCustomerCache(source: string, generation: string, refreshedAt: string): Promise<number> {
    return this.db
      .transaction(() => {
        const chunks = this.db
          .prepare('SELECT entries FROM customer_cache_staging WHERE source = ? AND generation = ? ORDER BY seq')
          .all(source, generation) as Array<{ entries: string }>;
        const entries = joinChunks(chunks.map((c) => c.entries));
        const current = this.db
          .prepare('SELECT json_array_length(entries) AS n FROM customer_cache WHERE source = ?')
          .get(source) as { n: number } | undefined;
        refuseEmptyReplacement(source, entries.length, current?.n ?? 0);
        this.db
          .prepare(
            'INSERT INTO customer_cache (source, refreshed_at, entries) VALUES (?, ?, ?) ON CONFLICT (source) DO UPDATE SET refreshed_at = excluded.refreshed_at, entries = excluded.entries',
          )
          .run(source, refreshedAt, JSON.stringify(entries));
        // Only this generation's chunks, and leftovers of refreshes that died more than a day ago.
        this.db
          .prepare(
            "DELETE FROM customer_cache_staging WHERE source = ? AND (generation = ? OR staged_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 day'))",
          )
          .run(source, generation);
        return entries.length;
      })
      .immediate();
  }

  async customerCache(source: string): Promise<CustomerCacheSnapshot | undefined> {
    const row = this.db.prepare('SELECT refreshed_at, entries FROM customer_cache WHERE source = ?').get(source) as
      { refreshed_at: string; entries: string } | undefined;
    return row && { refreshedAt: row.refreshed_at, entries: JSON.parse(row.entries) as CustomerCacheEntry[] };
  }

  async begin(key: string, channel: Channel, contentDigest?: string): Promise<BeginResult> {
    return this.db
      .transaction((): BeginResult => {
        const row = this.db.prepare('SELECT * FROM notification_ledger WHERE idempotency_key = ?').get(key) as
          Row | undefined;
        if (!row) {
          this.db
            .prepare(
              "INSERT INTO notification_ledger (idempotency_key, channel, status, attempts, content_digest) VALUES (?, ?, 'pending', 1, ?)",
            )
            .run(key, channel, contentDigest ?? null);
          return { state: 'new' };
        }
        if (row.status === 'sent') return { state: 'sent', providerId: row.provider_id ?? '' };
        this.db
          .prepare(
            "UPDATE notification_ledger SET attempts = attempts + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE idempotency_key = ?",
          )
          .run(key);
        return {
          state: 'pending',
          attempts: row.attempts,
          since: row.created_at,
          ...(row.content_digest ? { contentDigest: row.content_digest } : {}),
        };
      })
      .immediate();
  }

  async intend(key: string, contentDigest: string): Promise<void> {
    this.db
      .prepare(
        "UPDATE notification_ledger SET content_digest = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE idempotency_key = ? AND status = 'pending'",
      )
      .run(contentDigest, key);
  }

  async markSent(key: string, providerId: string): Promise<void> {
    this.db
      .prepare(
        "UPDATE notification_ledger SET status = 'sent', provider_id = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE idempotency_key = ?",
      )
      .run(providerId, key);
  }

  async get(key: string): Promise<LedgerEntry | undefined> {
    const row = this.db.prepare('SELECT * FROM notification_ledger WHERE idempotency_key = ?').get(key) as
      Row | undefined;
    return row && toEntry(row);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
