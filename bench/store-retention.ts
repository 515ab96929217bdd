// bench/store-retention: the app store's retention over a large ledger. `rows` ledger entries and as many processed
// keys are written a year and more ago (half of each older than the retention), then forgotten the way the
// store-retention schedule does it: 5,000 rows per table per call. Prints the calls' total time and the longest call
// (how long a send waits at most for the store's write lock meanwhile), against a raw baseline in the same run: the
// same rows deleted by one statement per table, which holds the lock for all of it.
// Usage: npx tsx bench/store-retention.ts [rows=500000]
//   (BENCH_DATABASE_URL=postgres://... runs both against PostgreSQL instead of SQLite: a scratch database, since the
//   retention it measures forgets every row there older than 400 days; the bench removes what it wrote)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Pool } from 'pg';
import { openAppStore, type AppStore } from '../store';
import { runBench } from './cleanup';
import { integerFrom, positionalNumbers } from './options';

const DAY = 86_400_000;
const CHUNK = 5_000;
const RETENTION_DAYS = 400;

/** Raw SQL on the store's own tables: what the bench fills and what its baseline deletes with. */
interface Raw {
  fill(rows: number, at: (i: number) => string): Promise<void>;
  /** The bench's own rows (ledger keys `bench/...`, processed keys of scope `bench`). */
  count(): Promise<number>;
  /** Deletes the bench's own rows written before `before`. */
  deleteAll(before: string): Promise<void>;
  close(): Promise<void>;
}

function sqliteRaw(file: string): Raw {
  const db = new Database(file);
  return {
    async fill(rows, at) {
      const ledger = db.prepare(
        "INSERT INTO notification_ledger (idempotency_key, channel, status, attempts, provider_id, created_at, updated_at) VALUES (?, 'sms', 'sent', 1, 'SM', ?, ?)",
      );
      const keys = db.prepare('INSERT INTO processed_keys (scope, key, processed_at) VALUES (?, ?, ?)');
      db.transaction(() => {
        for (let i = 0; i < rows; i++) {
          ledger.run(`bench/${i}|sms:confirmed|D-${i}`, at(i), at(i));
          keys.run('bench', String(i), at(i));
        }
      })();
    },
    async count() {
      const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      return (
        n("SELECT count(*) AS n FROM notification_ledger WHERE idempotency_key LIKE 'bench/%'") +
        n("SELECT count(*) AS n FROM processed_keys WHERE scope = 'bench'")
      );
    },
    async deleteAll(before) {
      db.prepare("DELETE FROM notification_ledger WHERE idempotency_key LIKE 'bench/%' AND updated_at < ?").run(before);
      db.prepare("DELETE FROM processed_keys WHERE scope = 'bench' AND processed_at < ?").run(before);
    },
    async close() {
      db.close();
    },
  };
}

function postgresRaw(url: string): Raw {
  const pool = new Pool({ connectionString: url });
  return {
    async fill(rows, at) {
      for (let start = 0; start < rows; start += 10_000) {
        const ids = Array.from({ length: Math.min(10_000, rows - start) }, (_, k) => start + k);
        await pool.query(
          `INSERT INTO notification_ledger (idempotency_key, channel, status, attempts, provider_id, created_at, updated_at)
           SELECT 'bench/' || i || '|sms:confirmed|D-' || i, 'sms', 'sent', 1, 'SM', t::timestamptz, t::timestamptz
           FROM unnest($1::int[], $2::text[]) AS u(i, t)`,
          [ids, ids.map(at)],
        );
        await pool.query(
          `INSERT INTO processed_keys (scope, key, processed_at) SELECT 'bench', i::text, t::timestamptz
           FROM unnest($1::int[], $2::text[]) AS u(i, t)`,
          [ids, ids.map(at)],
        );
      }
    },
    async count() {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM notification_ledger WHERE idempotency_key LIKE 'bench/%') +
                (SELECT count(*) FROM processed_keys WHERE scope = 'bench') AS n`,
      );
      return Number(rows[0].n);
    },
    async deleteAll(before) {
      await pool.query("DELETE FROM notification_ledger WHERE idempotency_key LIKE 'bench/%' AND updated_at < $1", [
        before,
      ]);
      await pool.query("DELETE FROM processed_keys WHERE scope = 'bench' AND processed_at < $1", [before]);
    },
    async close() {
      await pool.end();
    },
  };
}

async function main() {
  const { rows } = positionalNumbers({ rows: integerFrom(1, 500_000) });
  const pg = process.env.BENCH_DATABASE_URL;
  const dir = mkdtempSync(join(tmpdir(), 'ae-bench-retention-'));
  const open = (name: string): { store: AppStore; raw: () => Raw } => {
    const file = join(dir, `${name}.sqlite`);
    const store = openAppStore(pg ? { kind: 'postgres', url: pg } : { kind: 'sqlite', file });
    return { store, raw: () => (pg ? postgresRaw(pg) : sqliteRaw(file)) };
  };
  const now = Date.now();
  const before = new Date(now - RETENTION_DAYS * DAY);
  // Half of the rows older than the retention, half younger: the index finds the old half without reading the rest.
  const at = (i: number) => new Date(now - (i % 2 ? RETENTION_DAYS + 30 : RETENTION_DAYS - 30) * DAY).toISOString();
  console.log(
    `${rows} ledger entries + ${rows} processed keys on ${pg ? 'PostgreSQL' : 'SQLite'}, half older than ${RETENTION_DAYS} days`,
  );

  const run = async (
    name: string,
    forget: (store: AppStore, raw: Raw) => Promise<{ calls: number; longestMs: number }>,
  ) => {
    const { store, raw: rawOf } = open(name);
    await store.forgetBefore(before, 1); // creates the tables
    const raw = rawOf();
    if (pg) await raw.deleteAll(new Date(now + DAY).toISOString()); // rows an interrupted run left behind
    await raw.fill(rows, at);
    const started = performance.now();
    const { calls, longestMs } = await forget(store, raw);
    const seconds = (performance.now() - started) / 1000;
    const left = await raw.count();
    if (pg) await raw.deleteAll(new Date(now + DAY).toISOString());
    await raw.close();
    await store.close();
    return { seconds, calls, longestMs, left };
  };

  const chunked = await run('chunked', async (store) => {
    let calls = 0;
    let longestMs = 0;
    for (;;) {
      const t = performance.now();
      const f = await store.forgetBefore(before, CHUNK);
      longestMs = Math.max(longestMs, performance.now() - t);
      calls++;
      if (f.notifications < CHUNK && f.processedKeys < CHUNK) return { calls, longestMs };
    }
  });
  const baseline = await run('baseline', async (_store, raw) => {
    const t = performance.now();
    await raw.deleteAll(before.toISOString());
    return { calls: 1, longestMs: performance.now() - t };
  });
  const line = (what: string, r: typeof chunked) =>
    `${what.padEnd(34)} ${r.seconds.toFixed(2)} s, ${r.calls} call(s), longest ${r.longestMs.toFixed(0)} ms, ` +
    `${(rows / r.seconds).toFixed(0)} rows deleted/s, ${r.left} rows left (expected ${rows})`;
  console.log(line(`retention, ${CHUNK} rows/table/call`, chunked));
  console.log(line('raw: one DELETE per table', baseline));
  console.log(
    `ratio: total ${(chunked.seconds / baseline.seconds).toFixed(2)}x the raw delete; the longest lock ` +
      `${(chunked.longestMs / baseline.longestMs).toFixed(3)}x of it`,
  );
}

runBench(main);
