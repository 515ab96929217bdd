import type { Pool } from 'pg';
import type { ReportFileStore } from './report-files';
import { schemaOnFirstUse } from './postgres-schema';

/** Report files in the PostgreSQL app store, one row per part. */
export class PostgresReportFiles implements ReportFileStore {
  constructor(private readonly pool: Pool) {}

  /** Creates the tables on first use; a failed attempt is tried again by the next call. */
  private readonly ready = schemaOnFirstUse(() =>
    this.pool.query(
      'CREATE TABLE IF NOT EXISTS report_file_parts (file TEXT NOT NULL, seq INTEGER NOT NULL, content TEXT NOT NULL, PRIMARY KEY (file, seq))',
    ),
  );

  async writeReportPart(file: string, seq: number, text: string): Promise<void> {
    await this.ready();
    const db = await this.pool.connect();
    try {
      await db.query('BEGIN');
      await db.query('DELETE FROM report_file_parts WHERE file = $1 AND seq > $2', [file, seq]);
      await db.query(
        `INSERT INTO report_file_parts (file, seq, content) VALUES ($1, $2, $3)
        ON CONFLICT (file, seq) DO UPDATE SET content = EXCLUDED.content`,
        [file, seq, text],
      );
      await db.query('COMMIT');
    } catch (err) {
      await db.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      db.release();
    }
  }

  async readReportFile(file: string): Promise<Buffer | undefined> {
    await this.ready();
    const { rows } = await this.pool.query<{ content: string }>(
      'SELECT content FROM report_file_parts WHERE file = $1 ORDER BY seq',
      [file],
    );
    return rows.length ? Buffer.concat(rows.map((r) => Buffer.from(r.content, 'utf8'))) : undefined;
  }

  async reportFileSize(file: string): Promise<number | undefined> {
    await this.ready();
    const { rows } = await this.pool.query<{ parts: string; bytes: string | null }>(
      'SELECT count(*) AS parts, sum(octet_length(content)) AS bytes FROM report_file_parts WHERE file = $1',
      [file],
    );
    return Number(rows[0].parts) ? Number(rows[0].bytes ?? 0) : undefined;
  }

  async *readReportParts(file: string): AsyncIterable<Buffer> {
    await this.ready();
    for (let after = -1; ;) {
      const { rows } = await this.pool.query<{ seq: number; content: string }>(
        'SELECT seq, content FROM report_file_parts WHERE file = $1 AND seq > $2 ORDER BY seq LIMIT 10',
        [file, after],
      );
      for (const row of rows) yield Buffer.from(row.content, 'utf8');
      if (rows.length < 10) return;
      after = rows[rows.length - 1].seq;
    }
  }

  async deleteReportFile(file: string): Promise<void> {
    await this.ready();
    await this.pool.query('DELETE FROM report_file_parts WHERE file = $1', [file]);
  }
}
