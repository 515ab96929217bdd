import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PostgresAppStore } from '../../../store/postgres-app-store';
import { tcpRelay as relay } from '../../helpers/tcp-relay';

const pgUrl = process.env.TEST_DATABASE_URL;

const describePg = pgUrl ? describe : describe.skip;

describePg('the PostgreSQL app store when PostgreSQL goes away', () => {
  it('opened while PostgreSQL is down, it neither ends the process nor stays broken once PostgreSQL is back', async () => {
    const pg = await relay(new URL(pgUrl!));
    // In a process of its own: a rejection nobody awaits ends a Node process, and jest would not show it.
    const opened = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `const { PostgresAppStore } = require(${JSON.stringify(join(__dirname, '../../../store/postgres-app-store'))});
         PostgresAppStore.connect(${JSON.stringify(pg.url)});
         setTimeout(() => console.log('still running'), 500);`,
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(opened.stderr).not.toContain('ECONNREFUSED');
    expect(opened.stdout).toContain('still running');
    expect(opened.status).toBe(0);

    const store = PostgresAppStore.connect(pg.url);
    try {
      await expect(store.processedAmong('outage', ['a'])).rejects.toThrow(/ECONNREFUSED/);
      await pg.up();
      expect(await store.processedAmong('outage', ['a'])).toEqual([]);
    } finally {
      await store.close();
      await pg.down();
    }
  });

  it('a pooled connection lost while idle is reported, and the next query opens another', async () => {
    const pg = await relay(new URL(pgUrl!));
    await pg.up();
    const lost: Error[] = [];
    const store = PostgresAppStore.connect(pg.url, (err) => lost.push(err));
    try {
      expect(await store.processedAmong('outage', ['a'])).toEqual([]);
      pg.cut();
      await new Promise((r) => setTimeout(r, 200));
      expect(lost.map((e) => e.message)).toEqual([expect.stringMatching(/terminated|ended|closed/i)]);
      expect(await store.processedAmong('outage', ['a'])).toEqual([]);
    } finally {
      await store.close();
      await pg.down();
    }
  });
});
