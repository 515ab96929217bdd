import { spawnSync } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { PostgresAppStore } from '../../../store/postgres-app-store';
import { freePort } from '../../helpers/env';

const pgUrl = process.env.TEST_DATABASE_URL;

/**
 * A TCP relay in front of the test PostgreSQL that can be down (nothing listens), up, or cut (every connection
 * dropped, as a PostgreSQL restart or a proxy's idle timeout does).
 */
async function relay(target: URL) {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  return {
    url: Object.assign(new URL(target.href), { port: String(port) }).href,
    up: () =>
      new Promise<void>((resolve) => {
        server = createServer((client) => {
          const upstream = connect(Number(target.port || 5432), target.hostname);
          for (const s of [client, upstream]) {
            sockets.add(s);
            s.on('error', () => undefined);
            s.on('close', () => sockets.delete(s));
          }
          client.pipe(upstream).pipe(client);
        });
        server.listen(port, '127.0.0.1', resolve);
      }),
    cut: () => sockets.forEach((s) => s.destroy()),
    down: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        if (server) server.close(() => resolve());
        else resolve();
      }),
  };
}

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
