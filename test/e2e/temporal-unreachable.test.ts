import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startDevServer, type RunningDevServer } from '../../temporal-config/dev-server';
import { freePort, tempDir } from '../helpers/env';
import { untilPrinted } from '../helpers/worker-process';

const ROOT = join(__dirname, '../..');

/** One of the engine's entry points (`node --import tsx <script>`, what its npm script execs) against `address`. */
async function run(script: string, args: string[], env: Record<string, string>) {
  const dir = tempDir('unreachable');
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      APP_ENV: 'development',
      LOG_FORMAT: 'json',
      APP_DB_FILE: join(dir, 'app.sqlite'),
      SDK_METRICS_PORT: String(await freePort()),
      APP_METRICS_PORT: String(await freePort()),
      DISPATCH_PORTAL_PORT: String(await freePort()),
      WORKER_QUEUES: 'orchestration',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  return { child, exited, output: () => output };
}

describe('a Temporal that does not answer: the CLIs say where and why, the worker and the portal wait for it', () => {
  const children: ChildProcess[] = [];
  let server: RunningDevServer | undefined;
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await server?.stop();
  });

  it('a CLI names the address and the reason, and exits 1', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const cli = await run('cli/dispatch.ts', ['show', 'cts', 'S-1'], { TEMPORAL_ADDRESS: address });
    children.push(cli.child);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain(
      `Temporal at ${address} is not reachable: connection refused (nothing listens on that port). Is the engine running (npm start)?`,
    );
  });

  it('a port that takes TCP but has no Temporal behind it (a load balancer with every frontend down): the CLI says so', async () => {
    // What HAProxy does with no frontend up: it takes the connection and says nothing on it.
    const silent = createServer(() => undefined);
    const port = await freePort();
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
    try {
      const cli = await run('cli/dispatch.ts', ['show', 'cts', 'S-1'], { TEMPORAL_ADDRESS: `127.0.0.1:${port}` });
      children.push(cli.child);
      expect(await cli.exited).toBe(1);
      expect(cli.output()).toContain(
        `Temporal at 127.0.0.1:${port} is not reachable: something takes TCP connections there but no Temporal answers on them`,
      );
      expect(cli.output()).toContain('a load balancer with no Temporal frontend up behind it');
    } finally {
      silent.close(); // the CLI's connections ended with it
    }
  });

  it('a worker started before the server says why it waits, and runs once the server answers; Ctrl-C exits 0', async () => {
    const port = await freePort();
    const worker = await run('workers/main.ts', [], { TEMPORAL_ADDRESS: `127.0.0.1:${port}` });
    children.push(worker.child);
    await untilPrinted(worker, 'Temporal is not reachable yet; trying again', 'worker', 60);
    expect(worker.output()).toContain('"reason":"connection refused (nothing listens on that port)"');

    const dir = tempDir('late-server');
    server = await startDevServer({
      port,
      uiPort: 0,
      dbFile: join(dir, 'temporal.sqlite'),
      namespace: 'default',
      headless: true,
      logFile: join(dir, 'server.log'),
      metricsPort: await freePort(),
    });
    await untilPrinted(worker, 'workers running', 'worker', 60);
    worker.child.kill('SIGINT');
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain('workers drained; exiting');
  });

  it('a stop while the portal waits ends the wait: exit 0', async () => {
    const portal = await run('portal/main.ts', [], { TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    children.push(portal.child);
    await untilPrinted(portal, 'Temporal is not reachable yet; trying again', 'portal', 60);
    portal.child.kill('SIGTERM');
    expect(await portal.exited).toBe(0);
    expect(portal.output()).toContain('stopped before Temporal answered; exiting');
  });

  it('the search-attribute setup job waits the same way, and exits 1 once its wait is spent', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const setup = await run('cli/setup-search-attributes.ts', [], {
      TEMPORAL_ADDRESS: address,
      TEMPORAL_CONNECT_WAIT_SECONDS: '2',
    });
    children.push(setup.child);
    expect(await setup.exited).toBe(1);
    expect(setup.output()).toContain(`Temporal at ${address} is not reachable yet (connection refused`);
    expect(setup.output()).toContain(`Temporal at ${address} is not reachable after 2 s: connection refused`);
  });

  it('a worker whose TEMPORAL_CONNECT_WAIT_SECONDS is spent exits 1, saying how long it tried', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const worker = await run('workers/main.ts', [], { TEMPORAL_ADDRESS: address, TEMPORAL_CONNECT_WAIT_SECONDS: '2' });
    children.push(worker.child);
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain(`Temporal at ${address} is not reachable after 2 s: connection refused`);
  });
});
