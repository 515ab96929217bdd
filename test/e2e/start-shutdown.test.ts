import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, processAlive as alive, tempDir, TEST_KEY } from '../helpers/env';

/**
 * The engine on free ports with its data in a temp directory, as the leader of its own process group
 * like a terminal's foreground job: `tsx scripts/start.ts` there, or (`via: 'npm'`) `npm start` itself,
 * run in the repository as a user does.
 */
async function startEngine(via: 'tsx' | 'npm' = 'tsx') {
  const dir = tempDir('npm-start');
  // Every port the engine listens on: the README test, which may run beside this one, holds the defaults.
  const ports = await Promise.all(Array.from({ length: 10 }, () => freePort()));
  const env = {
    ...process.env,
    APP_ENV: 'development',
    LOG_FORMAT: 'json',
    TEMPORAL_ADDRESS: `127.0.0.1:${ports[0]}`,
    TEMPORAL_UI_PORT: String(ports[1]),
    CODEC_SERVER_PORT: String(ports[2]),
    SANDBOX_HTTP_PORT: String(ports[3]),
    SANDBOX_SMTP_PORT: String(ports[4]),
    SDK_METRICS_PORT: String(ports[5]),
    APP_METRICS_PORT: String(ports[6]),
    TEMPORAL_METRICS_PORT: String(ports[7]),
    DEVOPS_PORT: String(ports[8]),
    DISPATCH_PORTAL_PORT: String(ports[9]),
  };
  const child =
    via === 'tsx'
      ? spawn(process.execPath, [require.resolve('tsx/cli'), join(__dirname, '../../scripts/start.ts')], {
          cwd: dir,
          env,
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        })
      : spawn('npm', ['start'], {
          cwd: join(__dirname, '../..'),
          env: {
            ...env,
            TEMPORAL_DB_FILE: join(dir, '.data/temporal.sqlite'),
            APP_DB_FILE: join(dir, '.data/app.sqlite'),
            PAYLOAD_KEY_ID: 'e2e',
            PAYLOAD_KEY: TEST_KEY,
          },
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  for (let i = 0; i < 900 && !output.includes('Ctrl-C stops everything'); i++) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!output.includes('Ctrl-C stops everything')) throw new Error(`npm start did not come up:\n${output}`);
  const pidFile = join(dir, '.data/temporal.sqlite.pid');
  const serverPid = Number(readFileSync(pidFile, 'utf8'));
  return { child, exited, output: () => output, pidFile, serverPid, dir, env };
}

/** `tsx workers/main.ts` (what `npm run worker` execs) beside an engine, in its directory, as its own process group. */
async function startWorker(engine: { dir: string; env: NodeJS.ProcessEnv }) {
  const [sdkMetrics, appMetrics] = await Promise.all([freePort(), freePort()]);
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), join(__dirname, '../../workers/main.ts')], {
    cwd: engine.dir,
    env: { ...engine.env, SDK_METRICS_PORT: String(sdkMetrics), APP_METRICS_PORT: String(appMetrics) },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  for (let i = 0; i < 600 && !output.includes('it takes new work'); i++) {
    if (child.exitCode !== null) throw new Error(`the worker exited early:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!output.includes('it takes new work')) throw new Error(`the worker did not come up:\n${output}`);
  return { child, exited, output: () => output };
}

const messages = (output: string) =>
  output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => (JSON.parse(l) as { msg: string }).msg);

describe('npm start: Ctrl-C drains the workers before stopping Temporal; a dead dev server is noticed', () => {
  let engine: { child: ChildProcess } | undefined;
  let worker: { child: ChildProcess } | undefined;
  afterEach(() => {
    for (const p of [worker, engine])
      if (p?.child.pid && p.child.exitCode === null) process.kill(-p.child.pid, 'SIGKILL');
    worker = undefined;
  });

  it("a terminal's Ctrl-C reaches npm start, not the dev server: workers drain, then the server stops; exit 0", async () => {
    const e = await startEngine();
    engine = e;
    expect(alive(e.serverPid)).toBe(true);
    const started = Date.now();
    process.kill(-e.child.pid!, 'SIGINT'); // what a terminal sends to its foreground process group
    // tsx relays the signal to its child too: the engine sees it twice, moments apart; that is not a force-quit.
    await new Promise((r) => setTimeout(r, 300));
    process.kill(-e.child.pid!, 'SIGINT');
    const code = await e.exited;
    // On failure, the engine's own last words say why.
    expect({ code, tail: code === 0 ? '' : e.output().slice(-4000) }).toEqual({ code: 0, tail: '' });
    const seconds = (Date.now() - started) / 1000;
    const log = messages(e.output());
    // Said once (the echo of the signal is not a second Ctrl-C), then the drain, then the rest, in that order.
    const steps = [
      'stopping: the workers finish what they hold (Ctrl-C again to stop at once, after 2 s)',
      'workers drained; stopping the Temporal dev server, the sandbox and the servers',
      'stopped',
    ];
    expect(log.filter((m) => steps.includes(m))).toEqual(steps);
    // Ten pools' state changes are the SDK's debug lines, not the terminal's.
    expect(log).not.toContain('Worker state changed');
    // The workers finished talking to the server before it went away.
    expect(e.output()).not.toMatch(/TransportError|Connection refused/i);
    // Node's own warnings (a dependency's deprecation, say) are for us to fix, not for the NOC's terminal.
    expect(e.output().match(/^\(node:\d+\).*$/m)?.[0]).toBeUndefined();
    expect(alive(e.serverPid)).toBe(false);
    expect(existsSync(e.pidFile)).toBe(false);
    expect(seconds).toBeLessThan(30);
  });

  it('kill -INT <npm start PID> (one signal, to npm only) stops everything in order within seconds (issue 18 item 5)', async () => {
    const e = await startEngine('npm');
    engine = e;
    const started = Date.now();
    process.kill(e.child.pid!, 'SIGINT');
    const code = await e.exited;
    expect({ code, tail: code === 0 ? '' : e.output().slice(-4000) }).toEqual({ code: 0, tail: '' });
    expect(messages(e.output())).toContain('stopped');
    expect(alive(e.serverPid)).toBe(false);
    expect((Date.now() - started) / 1000).toBeLessThan(20);
  });

  it('SIGTERM (a service manager stopping it) says so, drains the workers and stops everything; exit 0', async () => {
    const e = await startEngine();
    engine = e;
    process.kill(e.child.pid!, 'SIGTERM');
    const code = await e.exited;
    expect({ code, tail: code === 0 ? '' : e.output().slice(-4000) }).toEqual({ code: 0, tail: '' });
    const steps = [
      'stopping (SIGTERM): the workers finish what they hold',
      'workers drained; stopping the Temporal dev server, the sandbox and the servers',
      'stopped',
    ];
    expect(messages(e.output()).filter((m) => steps.includes(m))).toEqual(steps);
    expect(alive(e.serverPid)).toBe(false);
  });

  it('SIGTERM to the whole process group of npm start (systemd, `timeout`) reaches the engine twice: it still drains and stops everything; exit 0', async () => {
    const e = await startEngine('npm');
    engine = e;
    // The engine hears it directly and again as npm forwards it: the echo must not end it halfway through its stop
    // (it did: npm exited 143 and the dev server was left running).
    process.kill(-e.child.pid!, 'SIGTERM');
    const code = await e.exited;
    expect({ code, tail: code === 0 ? '' : e.output().slice(-4000) }).toEqual({ code: 0, tail: '' });
    const steps = [
      'stopping (SIGTERM): the workers finish what they hold',
      'workers drained; stopping the Temporal dev server, the sandbox and the servers',
      'stopped',
    ];
    expect(messages(e.output()).filter((m) => steps.includes(m))).toEqual(steps);
    expect(alive(e.serverPid)).toBe(false);
    expect(existsSync(e.pidFile)).toBe(false);
  });

  it('npm run worker: Ctrl-C (SIGINT to its process group, heard twice) drains its pools and exits 0', async () => {
    const e = await startEngine();
    engine = e;
    const w = await startWorker(e);
    worker = w;
    process.kill(-w.child.pid!, 'SIGINT');
    const code = await w.exited;
    expect({ code, tail: code === 0 ? '' : w.output().slice(-4000) }).toEqual({ code: 0, tail: '' });
    expect(messages(w.output()).filter((m) => m.startsWith('stopping') || m.startsWith('workers drained'))).toEqual([
      'stopping: the workers finish what they hold',
      'workers drained; exiting',
    ]);
  });

  it('a dev server that dies is noticed: the engine says so and exits 1', async () => {
    const e = await startEngine();
    engine = e;
    process.kill(e.serverPid, 'SIGKILL');
    expect(await e.exited).toBe(1);
    expect(messages(e.output())).toContain('the Temporal dev server exited; stopping the engine');
  });
});
