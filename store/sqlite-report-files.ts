import type Database from 'better-sqlite3';
import type { ReportFileStore } from './report-files';

type Part = { seq: number; content: string };

/** Report files in the SQLite app store, one row per part. */
export class SqliteReportFiles implements ReportFileStore {
  constructor(private readonly db: Database.Database) {
    db.exec(
      'CREATE TABLE IF NOT EXISTS report_file_parts (file TEXT NOT NULL, seq INTEGER NOT NULL, content TEXT NOT NULL, PRIMARY KEY (file, seq))',
    );
  }

  async writeReportPart(file: string, seq: number, text: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM report_file_parts WHERE file = ? AND seq > ?').run(file, seq);
      this.db
        .prepare(
          'INSERT INTO report_file_parts (file, seq, content) VALUES (?, ?, ?) ON CONFLICT (file, seq) DO UPDATE SET content = excluded.content',
        )
        .run(file, seq, text);
    })();
  }

  async readReportFile(file: string): Promise<Buffer | undefined> {
    const parts = this.db
      .prepare('SELECT content FROM report_file_parts WHERE file = ? ORDER BY seq')
      .all(file) as Array<{ content: string }>;
    return parts.length ? Buffer.concat(parts.map((p) => Buffer.from(p.content, 'utf8'))) : undefined;
  }

  async reportFileSize(file: string): Promise<number | undefined> {
    const row = this.db
      .prepare(
        'SELECT count(*) AS parts, sum(length(CAST(content AS BLOB))) AS bytes FROM report_file_parts WHERE file = ?',
      )
      .get(file) as { parts: number; bytes: number | null };
    return row.parts ? (row.bytes ?? 0) : undefined;
  }

  async *readReportParts(file: string): AsyncIterable<Buffer> {
    const next = this.db.prepare(
      'SELECT seq, content FROM report_file_parts WHERE file = ? AND seq > ? ORDER BY seq LIMIT 1',
    );
    for (let row = next.get(file, -1) as Part | undefined; row; row = next.get(file, row.seq) as Part | undefined)
      yield Buffer.from(row.content, 'utf8');
  }

  async deleteReportFile(file: string): Promise<void> {
    this.db.prepare('DELETE FROM report_file_parts WHERE file = ?').run(file);
  }
}
