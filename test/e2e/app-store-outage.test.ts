import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startTestDevServer, type TestTemporal } from '../helpers/dev-server';
import { freePort } from '../helpers/env';
import { tcpRelay } from '../helpers/tcp-relay';
import { until } from '../helpers/worker-process';

const pgUrl = process.env.TEST_DATABASE_URL;
const describePg = pgUrl ? describe : describe.skip;

/**
 * `npm run worker` on the PostgreSQL app store, reached through a relay that the test cuts (a PostgreSQL restart) and
 * takes down (an outage): the process lives through both, and its metrics say what it sees.
 */
describePg('a worker on the PostgreSQL app store while PostgreSQL restarts and goes away', () => {
  let temporal: TestTemporal | undefined;
  afterAll(async () => {
    await temporal?.stop();
  });

  it('lives on, says so, and reports app_store_up 1, 0 while the store is away, then 1 again', async () => {
    temporal = await startTestDevServer();
    const pg = await tcpRelay(new URL(pgUrl!));
    await pg.up();
    const appPort = await freePort();
    const worker = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
      cwd: join(__dirname, '../..'),
      env: {
        ...process.env,
        APP_ENV: 'development',
        LOG_FORMAT: 'json',
        TEMPORAL_ADDRESS: temporal.address,
        DATABASE_URL: pg.url,
        WORKER_QUEUES: 'orchestration',
        SDK_METRICS_PORT: String(await freePort()),
        APP_METRICS_PORT: String(appPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    worker.stdout.on('data', (d: Buffer) => (output += d.toString()));
    worker.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | string | null>((resolve) =>
      worker.once('exit', (code, signal) => resolve(code ?? signal)),
    );
    const storeUp = async () => {
      const res = await fetch(`http://127.0.0.1:${appPort}/metrics`);
      expect(res.status).toBe(200);
      return /^automation_engine_app_store_up (\d)$/m.exec(await res.text())?.[1];
    };
    // A scrape's store read is reused for a second: ask until the answer changes.
    const storeBecomes = (value: string) =>
      until(`app_store_up ${value}`, async () => ((await storeUp()) === value ? true : undefined), 20_000);
    try {
      await until('the worker to run', () => (output.includes('workers running') ? true : undefined));
      expect(await storeUp()).toBe('1');

      pg.cut(); // every pooled connection dropped, as a PostgreSQL restart does
      await until('the lost connection to be logged', () => {
        if (worker.exitCode !== null) throw new Error(`the worker exited (${worker.exitCode}):\n${output}`);
        return output.includes('an idle PostgreSQL connection failed') ? true : undefined;
      });
      expect(worker.exitCode).toBeNull();
      await storeBecomes('1');

      await pg.down();
      await storeBecomes('0');
      await pg.up();
      await storeBecomes('1');
      expect(worker.exitCode).toBeNull();
    } finally {
      worker.kill('SIGINT');
      await pg.down();
    }
    expect(await exited).toBe(0);
  });
});
