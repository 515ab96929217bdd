import type { Pool } from 'pg';
import type { ReportFileStore } from './report-files';

/** Report files in the PostgreSQL app store, one row per part. */
export class PostgresReportFiles implements ReportFileStore {
  private schema?: Promise<unknown>;

  constructor(private readonly pool: Pool) {}

  /** Creates the table on first use; a failed attempt is tried again by the next call. */
  private get ready(): Promise<unknown> {
    this.schema ??= this.pool
      .query(
        'CREATE TABLE IF NOT EXISTS report_file_parts (file TEXT NOT NULL, seq INTEGER NOT NULL, content TEXT NOT NULL, PRIMARY KEY (file, seq))',
      )
      .catch((err: unknown) => {
        this.schema = undefined;
        throw err;
      });
    return this.schema;
  }

  async writeReportPart(file: string, seq: number, text: string): Promise<void> {
    await this.ready;
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
    await this.ready;
    const { rows } = await this.pool.query<{ content: string }>(
      'SELECT content FROM report_file_parts WHERE file = $1 ORDER BY seq',
      [file],
    );
    return rows.length ? Buffer.from(rows.map((r) => r.content).join(''), 'utf8') : undefined;
  }

  async deleteReportFile(file: string): Promise<void> {
    await this.ready;
    await this.pool.query('DELETE FROM report_file_parts WHERE file = $1', [file]);
  }
}
