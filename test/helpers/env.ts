import { createLogger } from '../../observability/logger';
import { testLogPath } from './test-log-path.cjs';
import type { ApplicationFailure } from '@temporalio/common';
import { createWriteStream, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadConfig, type AppConfig } from '../../config';

/**
 * The ports this jest worker draws from: 20000-32767 cut in four, one slice per worker. Two test files run side by side
 * (`maxWorkers`), each in a worker of its own that only knows the ports it handed out: from one shared range both
 * could pick the same port before either binds it (a dev server then failed with "address already in use").
 */
const PORT_SLICE = (() => {
  const slices = 4;
  const size = Math.floor(12_768 / slices);
  const worker = Number(process.env.JEST_WORKER_ID ?? 1);
  return { from: 20_000 + ((Math.max(worker, 1) - 1) % slices) * size, size };
})();

/**
 * A free TCP port on loopback, below the kernel's ephemeral range (32768+). Ports the OS hands out (port 0)
 * are what the Temporal dev server picks for its own internal services after we chose ours, so a port we
 * got that way could be taken before the engine binds it; a random port from 20000-32767 cannot be.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const candidate = PORT_SLICE.from + Math.floor(Math.random() * PORT_SLICE.size);
    if (handedOut.has(candidate)) continue;
    if (await portIsFree(candidate)) {
      handedOut.add(candidate);
      return candidate;
    }
  }
}
/** Whether nothing listens on this loopback port now. */
export const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });

/** Ports this test file was given: never given twice, even once closed again. */
const handedOut = new Set<number>();

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), `ae-${prefix}-`));

/** A fixed test key, so tests can decrypt what they encrypt. */
export const TEST_KEY = Buffer.alloc(32, 7).toString('base64');

/** Config as a process would load it from this environment (plus test defaults). */
export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({ APP_ENV: 'test', PAYLOAD_KEY_ID: 'test-1', PAYLOAD_KEY: TEST_KEY, ...env });
}

/** The failure a promise rejects with; a promise that resolves fails the test. */
export async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await p;
  } catch (err) {
    return err as ApplicationFailure;
  }
  throw new Error('expected a failure');
}

/** Whether a process with this PID is running (signal 0 checks without touching it). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where a test file's own loggers write: live to the console at TEST_LOG_LEVEL when it is set; otherwise
 * everything from info up into the file's log (test/helpers/test-log-path.cjs), which the
 * failed-test-logs reporter prints only if the file fails. A passing run stays quiet.
 */
export function testLogSink(): { level: string; file?: string } {
  const live = process.env.TEST_LOG_LEVEL;
  if (live) return { level: live.toLowerCase() };
  // Outside jest (npm run test:record-histories) there is no test file to log beside: warnings to the console.
  if (typeof expect === 'undefined') return { level: 'warn' };
  const file = testLogPath(expect.getState().testPath ?? 'unknown-test');
  if (!startedLogs.has(file)) {
    // A new run of this file starts its log afresh (an earlier failed run's log is left until then).
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '');
    startedLogs.add(file);
  }
  return { level: 'info', file };
}
const startedLogs = new Set<string>();

/** A pino logger for a test's engine parts, per `testLogSink`. */
export function testLogger(name = 'e2e'): ReturnType<typeof createLogger> {
  const sink = testLogSink();
  return sink.file
    ? createLogger(sink.level, name, 'json', createWriteStream(sink.file, { flags: 'a' }))
    : createLogger(sink.level, name);
}
