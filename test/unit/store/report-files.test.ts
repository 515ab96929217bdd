import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { PostgresAppStore } from '../../../store/postgres-app-store';
import { SqliteAppStore } from '../../../store/sqlite-app-store';
import type { AppStore } from '../../../store';
import { tempDir } from '../../helpers/env';

function reportFilesContract(name: string, open: () => AppStore) {
  describe(`${name} report files`, () => {
    it('streams a file part by part, in order, past a page of parts', async () => {
      const f = file('stream');
      const parts = Array.from({ length: 25 }, (_, i) => `${i},row\r\n`);
      for (const [seq, text] of parts.entries()) await store.reports.writeReportPart(f, seq, text);
      const read: string[] = [];
      for await (const part of store.reports.readReportParts(f)) read.push(part.toString());
      expect(read).toEqual(parts);
    });

    let store: AppStore;
    beforeAll(() => {
      store = open();
    });
    afterAll(async () => {
      await store.close();
    });
    // The PostgreSQL test database persists across runs: every file here is this run's own.
    const file = (label: string) => `test/${label}/${randomUUID()}.csv`;

    it('joins parts in order; a part written again replaces itself and drops the later ones', async () => {
      const f = file('parts');
      expect(await store.reports.readReportFile(f)).toBeUndefined();
      await store.reports.writeReportPart(f, 0, 'id,type\r\n');
      await store.reports.writeReportPart(f, 1, '1,a\r\n2,b\r\n');
      await store.reports.writeReportPart(f, 2, '3,c\r\n');
      await store.reports.writeReportPart(f, 3, '4,d\r\n');
      expect((await store.reports.readReportFile(f))?.toString()).toBe('id,type\r\n1,a\r\n2,b\r\n3,c\r\n4,d\r\n');
      // A retry resuming from part 2 (its checkpoint) rewrites it: part 3 from the dead attempt is gone.
      await store.reports.writeReportPart(f, 2, '3,c\r\n');
      expect((await store.reports.readReportFile(f))?.toString()).toBe('id,type\r\n1,a\r\n2,b\r\n3,c\r\n');
      // Starting over (no checkpoint) rewrites part 0 and drops everything else.
      await store.reports.writeReportPart(f, 0, 'id,type\r\n');
      expect((await store.reports.readReportFile(f))?.toString()).toBe('id,type\r\n');
    });

    it('keeps files apart, reads non-ASCII text back intact, and deletes a file whole', async () => {
      const [a, b] = [file('a'), file('b')];
      await store.reports.writeReportPart(a, 0, 'Café Núñez,✓\r\n');
      await store.reports.writeReportPart(b, 0, 'other\r\n');
      expect((await store.reports.readReportFile(a))?.toString('utf8')).toBe('Café Núñez,✓\r\n');
      // Sizes are bytes, not characters.
      expect(await store.reports.reportFileSize(a)).toBe(Buffer.byteLength('Café Núñez,✓\r\n'));
      expect(await store.reports.reportFileSize(file('none'))).toBeUndefined();
      await store.reports.deleteReportFile(a);
      expect(await store.reports.readReportFile(a)).toBeUndefined();
      expect((await store.reports.readReportFile(b))?.toString()).toBe('other\r\n');
    });
  });
}

reportFilesContract('sqlite', () => new SqliteAppStore(join(tempDir('report-files'), 'app.sqlite')));

const pgUrl = process.env.TEST_DATABASE_URL;
if (pgUrl) reportFilesContract('postgres', () => PostgresAppStore.connect(pgUrl));
else
  describe('postgres report files', () => {
    it.skip('needs TEST_DATABASE_URL (.ci/run starts PostgreSQL and sets it)', () => undefined);
  });
