// Worker processes for the chaos run: `npm run worker` as separate OS processes that can be
// `kill -9`ed, each restarted at once like a process supervisor would.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../harness';

export interface WorkerFleet {
  /** `kill -9` one worker process (or all), which the fleet restarts. Returns the PIDs killed. */
  kill(which: 'one' | 'all'): number[];
  /** Worker processes running now (not yet spawned replacements of killed ones do not count). */
  alive(): number;
  /** Their PIDs. */
  pids(): number[];
  /** Worker exits nobody asked for (a crash, not a chaos kill). */
  readonly unexpectedExits: number;
  stop(): Promise<void>;
}

export function startWorkerFleet(opts: { count: number; env: Record<string, string>; logDir: string }): WorkerFleet {
  const root = join(__dirname, '../..');
  const slots: Array<ChildProcess | undefined> = [];
  const killed = new Set<number>();
  let stopping = false;
  let unexpectedExits = 0;
  const log = createWriteStream(join(opts.logDir, 'workers.log'), { flags: 'a' });

  const start = async (slot: number) => {
    // Each process its own metrics ports: two workers on one box cannot share one.
    const ports = { SDK_METRICS_PORT: String(await freePort()), APP_METRICS_PORT: String(await freePort()) };
    const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
      cwd: root,
      env: { ...process.env, ...opts.env, ...ports },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    slots[slot] = child;
    child.once('exit', (code, signal) => {
      const chaos = child.pid !== undefined && killed.delete(child.pid);
      if (!chaos && !stopping) {
        unexpectedExits++;
        log.write(`worker ${child.pid} exited by itself (code ${code}, signal ${signal})\n`);
      }
      if (!stopping) void start(slot);
    });
  };
  for (let i = 0; i < opts.count; i++) void start(i);

  const running = () => slots.filter((c): c is ChildProcess => c !== undefined && c.exitCode === null && !c.killed);

  return {
    kill(which) {
      const alive = running();
      const victims = which === 'all' ? alive : [alive[Math.floor(Math.random() * alive.length)]].filter(Boolean);
      for (const v of victims) {
        killed.add(v.pid!);
        v.kill('SIGKILL');
      }
      return victims.map((v) => v.pid!);
    },
    alive: () => running().length,
    pids: () => running().map((c) => c.pid!),
    get unexpectedExits() {
      return unexpectedExits;
    },
    async stop() {
      stopping = true;
      await Promise.all(
        slots.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (!c || c.exitCode !== null) return resolve();
              c.once('exit', () => resolve());
              c.kill('SIGTERM');
            }),
        ),
      );
      log.end();
    },
  };
}
