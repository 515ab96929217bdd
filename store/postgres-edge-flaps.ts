import type { Pool } from 'pg';
import { withFlapNoted, type FlapRecord } from '../domain/flapping';
import type { EdgeFlapStore, StoredFlap } from './edge-flaps';
import { inTransaction } from './postgres-transaction';
import { schemaOnFirstUse } from './postgres-schema';

/** Flap records in the PostgreSQL app store. */
export class PostgresEdgeFlaps implements EdgeFlapStore {
  constructor(private readonly pool: Pool) {}

  /** Creates the tables on first use; a failed attempt is tried again by the next call. */
  private readonly ready = schemaOnFirstUse(() =>
    this.pool.query(
      `CREATE TABLE IF NOT EXISTS edge_flaps (device TEXT PRIMARY KEY, scope TEXT NOT NULL, record JSONB NOT NULL);
        CREATE INDEX IF NOT EXISTS edge_flaps_scope ON edge_flaps (scope)`,
    ),
  );

  async flapRecords(scopes: string[]): Promise<Map<string, FlapRecord>> {
    await this.ready();
    if (scopes.length === 0) return new Map();
    const { rows } = await this.pool.query<{ device: string; record: FlapRecord }>(
      'SELECT device, record FROM edge_flaps WHERE scope = ANY($1::text[])',
      [scopes],
    );
    return new Map(rows.map((r) => [r.device, r.record]));
  }

  async saveFlapRecords(flaps: StoredFlap[]): Promise<void> {
    await this.ready();
    if (flaps.length === 0) return;
    const saved = flaps.filter((f) => f.record);
    const forgotten = flaps.filter((f) => !f.record).map((f) => f.device);
    await inTransaction(this.pool, async (db) => {
      if (saved.length)
        await db.query(
          `INSERT INTO edge_flaps (device, scope, record)
          SELECT d, s, r::jsonb FROM unnest($1::text[], $2::text[], $3::text[]) AS t(d, s, r)
          ON CONFLICT (device) DO UPDATE SET scope = excluded.scope, record = excluded.record`,
          [saved.map((f) => f.device), saved.map((f) => f.scope), saved.map((f) => JSON.stringify(f.record))],
        );
      if (forgotten.length) await db.query('DELETE FROM edge_flaps WHERE device = ANY($1::text[])', [forgotten]);
    });
  }

  async markFlapNoted(devices: Array<{ device: string; since: string }>): Promise<void> {
    await this.ready();
    if (devices.length === 0) return;
    await inTransaction(this.pool, async (db) => {
      const { rows } = await db.query<{ device: string; record: FlapRecord }>(
        'SELECT device, record FROM edge_flaps WHERE device = ANY($1::text[]) FOR UPDATE',
        [devices.map((d) => d.device)],
      );
      const records = new Map(rows.map((r) => [r.device, r.record]));
      for (const { device, since } of devices) {
        const record = records.get(device);
        if (record)
          await db.query('UPDATE edge_flaps SET record = $1 WHERE device = $2', [
            JSON.stringify(withFlapNoted(record, since)),
            device,
          ]);
      }
    });
  }
}
