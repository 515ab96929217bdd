import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort, processAlive as alive, tempDir, TEST_KEY } from '../helpers/env';
import { untilPrinted } from '../helpers/worker-process';

/**
 * The engine on free ports with its data in a temp directory, as the leader of its own process group
 * like a terminal's foreground job: `node --import tsx scripts/start.ts` there, or (`via: 'npm'`) `npm start` itself,
 * run in the repository as a user does.
 */
async function startEngine(via: 'node' | 'npm' = 'node', setup?: { dir: string; env: NodeJS.ProcessEnv }) {
  const { dir, env } = setup ?? (await engineSetup());
  const child = via === 'node' ? spawnStart(dir, env) : npmRun('start', npmEnv(dir, env));
  const { output, exited } = collect(child);
  await untilPrinted({ child, output }, 'Ctrl-C stops everything', 'npm start', 90);
  const pidFile = join(dir, '.data/temporal.sqlite.pid');
  const serverPid = Number(readFileSync(pidFile, 'utf8'));
  return { child, exited, output, pidFile, serverPid, dir, env };
}

/** `node --import tsx scripts/start.ts` (what `npm start` execs) in `dir`, as the leader of its own process group. */
function spawnStart(dir: string, env: NodeJS.ProcessEnv) {
  const tsx = pathToFileURL(join(__dirname, '../../node_modules/tsx/dist/loader.mjs')).href;
  return spawn(process.execPath, ['--import', tsx, join(__dirname, '../../scripts/start.ts')], {
    cwd: dir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `npm run <script>` in the repository, as a user types it, as the leader of its own process group. */
function npmRun(script: string, env: NodeJS.ProcessEnv) {
  return spawn('npm', ['run', script], {
    cwd: join(__dirname, '../..'),
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** An engine's environment for npm run in the repository: its data (and the key it encrypts with) in `dir`. */
function npmEnv(dir: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    TEMPORAL_DB_FILE: join(dir, '.data/temporal.sqlite'),
    APP_DB_FILE: join(dir, '.data/app.sqlite'),
    PAYLOAD_KEY_ID: 'e2e',
    PAYLOAD_KEY: TEST_KEY,
  };
}

function collect(child: ChildProcess) {
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  // The exit code, or the signal that ended the process (a failure then names it, rather than 'null').
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  return { output: () => output, exited };
}

/** A temp directory for the engine's data, and an environment with every port it listens on free. */
async function engineSetup() {
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
  return { dir, env };
}

/** `npm run worker` beside an engine started with npm, on its data, as its own process group. */
async function startWorker(engine: { dir: string; env: NodeJS.ProcessEnv }) {
  const [sdkMetrics, appMetrics] = await Promise.all([freePort(), freePort()]);
  const child = npmRun('worker', {
    ...npmEnv(engine.dir, engine.env),
    SDK_METRICS_PORT: String(sdkMetrics),
    APP_METRICS_PORT: String(appMetrics),
  });
  const { output, exited } = collect(child);
  await untilPrinted({ child, output }, 'it takes new work', 'the worker', 60);
  /** The worker's own PID (npm's child), from its log lines. */
  const pid = () => Number(/"pid":(\d+)/.exec(output())![1]);
  return { child, exited, output, pid };
}

/** The PIDs of Temporal dev servers whose database is under `dir`. */
function devServersOn(dir: string): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8');
        return cmd.includes('start-dev') && cmd.includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Signals a process (a group: its leader's PID, negated), unless it has ended already. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** An engine told to stop by SIGTERM: it says so, drains, stops the rest in order and exits 0; no dev server left. */
async function expectStoppedBySigterm(e: Awaited<ReturnType<typeof startEngine>>): Promise<void> {
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
}

const messages = (output: string) =>
  output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => (JSON.parse(l) as { msg: string }).msg);

describe('npm start and npm run worker: what they refuse before starting, and how they stop however signalled', () => {
  let engine: { child: ChildProcess; serverPid: number } | undefined;
  let worker: { child: ChildProcess } | undefined;
  afterEach(() => {
    for (const p of [worker, engine]) if (p?.child.pid && p.child.exitCode === null) signal(-p.child.pid, 'SIGKILL');
    // A failed test must not leave its dev server (its own process group) running beside the next ones.
    // (0 is an engine whose server was never known: signalling -0 would kill this test's own process group.)
    if (engine && engine.serverPid > 0 && alive(engine.serverPid)) signal(-engine.serverPid, 'SIGKILL');
    worker = engine = undefined;
  });

  it("a terminal's Ctrl-C reaches npm start, not the dev server: workers drain, then the server stops; exit 0", async () => {
    const e = await startEngine();
    engine = e;
    expect(alive(e.serverPid)).toBe(true);
    const started = Date.now();
    process.kill(-e.child.pid!, 'SIGINT'); // what a terminal sends to its foreground process group
    // A terminal's Ctrl-C often arrives twice (npm forwards it too), moments apart: that is not a force-quit.
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
    await expectStoppedBySigterm(e);
  });

  it('SIGTERM to the whole process group of npm start (systemd, `timeout`) reaches the engine twice: it still drains and stops everything; exit 0', async () => {
    const e = await startEngine('npm');
    engine = e;
    // The engine hears it directly and again as npm forwards it: the echo must not end it halfway through its stop
    // (it did: npm exited 143 and the dev server was left running).
    process.kill(-e.child.pid!, 'SIGTERM');
    // Both copies often arrive as one; a forward that comes late is the case that killed it. Send it late, surely.
    await new Promise((r) => setTimeout(r, 50));
    signal(-e.child.pid!, 'SIGTERM');
    await expectStoppedBySigterm(e);
  });

  it('npm run worker: Ctrl-C (SIGINT to its process group, heard twice) drains its pools and exits 0', async () => {
    const e = await startEngine('npm');
    engine = e;
    const w = await startWorker(e);
    worker = w;
    process.kill(-w.child.pid!, 'SIGINT');
    // The copy npm forwards, late (see the SIGTERM test above), to the worker itself: npm, its child gone, would die of it.
    await new Promise((r) => setTimeout(r, 20));
    signal(w.pid(), 'SIGINT');
    const code = await w.exited;
    expect({ code, tail: code === 0 ? '' : w.output().slice(-4000) }).toEqual({ code: 0, tail: '' });
    expect(messages(w.output()).filter((m) => m.startsWith('stopping') || m.startsWith('workers drained'))).toEqual([
      'stopping: the workers finish what they hold',
      'workers drained; exiting',
    ]);
  });

  it('a second npm start on the same data is refused, naming the first one; the first runs on', async () => {
    const e = await startEngine();
    engine = e;
    // Other ports, so only the shared data stands in the way.
    const other = await engineSetup();
    const second = collect(spawnStart(e.dir, other.env));
    expect(await second.exited).toBe(1);
    const enginePid = Number(readFileSync(join(e.dir, '.data/engine.pid'), 'utf8'));
    expect(second.output()).toContain(
      `npm start is already running on ${join(e.dir, '.data')} (PID ${enginePid}): stop it first`,
    );
    expect(alive(enginePid) && alive(e.serverPid)).toBe(true);
    process.kill(-e.child.pid!, 'SIGINT');
    expect(await e.exited).toBe(0);
    expect(existsSync(join(e.dir, '.data/engine.pid'))).toBe(false);
  });

  it('ports another process holds, or two settings on one port, are listed at once with their variables; nothing starts', async () => {
    const { dir, env } = await engineSetup();
    const holders = await Promise.all(
      [env.CODEC_SERVER_PORT, env.DEVOPS_PORT].map(
        (port) =>
          new Promise<Server>((resolve) =>
            createServer().listen(Number(port), '127.0.0.1', function (this: Server) {
              resolve(this);
            }),
          ),
      ),
    );
    try {
      const start = collect(spawnStart(dir, { ...env, APP_METRICS_PORT: env.SDK_METRICS_PORT }));
      expect(await start.exited).toBe(1);
      expect(start.output()).toContain('cannot start, every port below is needed (see .env.example):');
      for (const problem of [
        `SDK_METRICS_PORT and APP_METRICS_PORT: all ${env.SDK_METRICS_PORT}; each needs a port of its own`,
        `CODEC_SERVER_PORT: 127.0.0.1:${env.CODEC_SERVER_PORT} is in use by another process`,
        `DEVOPS_PORT: 127.0.0.1:${env.DEVOPS_PORT} is in use by another process`,
      ])
        expect(start.output()).toContain(problem);
      expect(start.output()).not.toContain('TEMPORAL_ADDRESS');
      expect(existsSync(join(dir, '.data/temporal.sqlite.pid'))).toBe(false);
      expect(existsSync(join(dir, '.data/engine.pid'))).toBe(false);
    } finally {
      for (const h of holders) h.close();
    }
  });

  it('a start that fails halfway stops what it had started, in order: no dev server, no PID file left', async () => {
    const { dir, env } = await engineSetup();
    // The app store opens after the dev server is up; a directory where its file should be fails it.
    mkdirSync(join(dir, 'app.sqlite'), { recursive: true });
    const start = collect(spawnStart(dir, { ...env, APP_DB_FILE: join(dir, 'app.sqlite') }));
    expect(await start.exited).toBe(1);
    expect(messages(start.output())).toContain(
      'starting the Temporal dev server (first start creates the SQLite file)',
    );
    expect(existsSync(join(dir, '.data/temporal.sqlite.pid'))).toBe(false);
    expect(existsSync(join(dir, '.data/engine.pid'))).toBe(false);
    expect(devServersOn(dir)).toEqual([]);
  });

  it('Ctrl-C while npm start is still starting stops what had started, in order: no dev server left; exit 0', async () => {
    const { dir, env } = await engineSetup();
    const child = spawnStart(dir, env);
    const start = { child, ...collect(child) };
    engine = { child, serverPid: 0 };
    const leftovers = () => devServersOn(dir).forEach((pid) => signal(pid, 'SIGKILL'));
    // The dev server is coming up (its own process group: Node's default end for the engine would leave it running).
    await untilPrinted(start, 'starting the Temporal dev server', 'npm start', 60);
    process.kill(-child.pid!, 'SIGINT');
    const code = await start.exited;
    expect({ code, tail: code === 0 ? '' : start.output().slice(-4000) }).toEqual({ code: 0, tail: '' });
    const log = messages(start.output());
    expect(log).toContain('stopping: the engine is still starting; what has started stops');
    expect(log[log.length - 1]).toBe('stopped');
    expect(start.output()).not.toContain('Ctrl-C stops everything');
    try {
      expect(devServersOn(dir)).toEqual([]);
    } finally {
      leftovers();
    }
    expect(existsSync(join(dir, '.data/temporal.sqlite.pid'))).toBe(false);
    expect(existsSync(join(dir, '.data/engine.pid'))).toBe(false);
  });

  it('npm start after a killed one (kill -9) stops the dev server it left behind, and starts', async () => {
    const first = await startEngine();
    engine = first;
    process.kill(first.child.pid!, 'SIGKILL'); // the engine only: its dev server, in a group of its own, runs on
    await first.exited;
    expect(alive(first.serverPid)).toBe(true);
    const second = await startEngine('node', { dir: first.dir, env: first.env });
    engine = second;
    expect(alive(first.serverPid)).toBe(false);
    expect(second.serverPid).not.toBe(first.serverPid);
    process.kill(-second.child.pid!, 'SIGINT');
    expect(await second.exited).toBe(0);
  });

  it('a dev server that dies is noticed: the engine says so and exits 1', async () => {
    const e = await startEngine();
    engine = e;
    process.kill(e.serverPid, 'SIGKILL');
    expect(await e.exited).toBe(1);
    expect(messages(e.output())).toContain('the Temporal dev server exited; stopping the engine');
  });
});
