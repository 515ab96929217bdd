import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { CustomerCache, CustomerCacheEntry, CustomerCacheSnapshot } from './customer-cache';
import type { BeginResult, Channel, LedgerEntry, NotificationLedger } from './ledger';

interface Row { idempotency_key: string; channel: Channel; status: 'pending' | 'sent'; attempts: number; provider_id: string | null }

const toEntry = (r: Row): LedgerEntry => ({ key: r.idempotency_key, channel: r.channel, status: r.status, attempts: r.attempts, providerId: r.provider_id });

/** The embedded default: a SQLite file (WAL), safe for several worker processes on one host. */
export class SqliteLedger implements NotificationLedger, CustomerCache {
  private readonly db: Database.Database;

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
    this.db.exec('CREATE TABLE IF NOT EXISTS customer_cache (source TEXT PRIMARY KEY, refreshed_at TEXT NOT NULL, entries TEXT NOT NULL)');
  }

  async replaceCustomerCache(source: string, entries: CustomerCacheEntry[], refreshedAt: string): Promise<void> {
    this.db.prepare('INSERT INTO customer_cache (source, refreshed_at, entries) VALUES (?, ?, ?) ON CONFLICT (source) DO UPDATE SET refreshed_at = excluded.refreshed_at, entries = excluded.entries')
      .run(source, refreshedAt, JSON.stringify(entries));
  }

  async customerCache(source: string): Promise<CustomerCacheSnapshot | undefined> {
    const row = this.db.prepare('SELECT refreshed_at, entries FROM customer_cache WHERE source = ?').get(source) as { refreshed_at: string; entries: string } | undefined;
    return row && { refreshedAt: row.refreshed_at, entries: JSON.parse(row.entries) as CustomerCacheEntry[] };
  }

  async begin(key: string, channel: Channel): Promise<BeginResult> {
    return this.db.transaction((): BeginResult => {
      const row = this.db.prepare('SELECT * FROM notification_ledger WHERE idempotency_key = ?').get(key) as Row | undefined;
      if (!row) {
        this.db.prepare("INSERT INTO notification_ledger (idempotency_key, channel, status, attempts) VALUES (?, ?, 'pending', 1)").run(key, channel);
        return { state: 'new' };
      }
      if (row.status === 'sent') return { state: 'sent', providerId: row.provider_id ?? '' };
      this.db.prepare("UPDATE notification_ledger SET attempts = attempts + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE idempotency_key = ?").run(key);
      return { state: 'pending', attempts: row.attempts };
    }).immediate();
  }

  async markSent(key: string, providerId: string): Promise<void> {
    this.db.prepare("UPDATE notification_ledger SET status = 'sent', provider_id = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE idempotency_key = ?").run(providerId, key);
  }

  async get(key: string): Promise<LedgerEntry | undefined> {
    const row = this.db.prepare('SELECT * FROM notification_ledger WHERE idempotency_key = ?').get(key) as Row | undefined;
    return row && toEntry(row);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
