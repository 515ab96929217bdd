import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './env';

/**
 * Some worker pools as their own process (`npm run worker` with WORKER_QUEUES), so a test can kill
 * them. `env` points it at the test's server, sandbox and app store; `children` collects it for afterAll.
 */
export async function startWorkerProcess(
  queues: string,
  env: Record<string, string>,
  children: ChildProcess[],
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
    cwd: join(__dirname, '../..'),
    env: {
      ...process.env,
      ...env,
      WORKER_QUEUES: queues,
      SDK_METRICS_PORT: String(await freePort()),
      APP_METRICS_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

/** Polls `probe` until it gives a value; fails naming `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until a process prints `text`: fails with what it printed if it exits first, or takes over `seconds`. */
export async function untilPrinted(
  p: { child: ChildProcess; output: () => string },
  text: string,
  what: string,
  seconds: number,
): Promise<void> {
  for (const deadline = Date.now() + seconds * 1000; !p.output().includes(text);) {
    if (p.child.exitCode !== null) throw new Error(`${what} exited early:\n${p.output()}`);
    if (Date.now() > deadline) throw new Error(`${what} did not come up within ${seconds} s:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
