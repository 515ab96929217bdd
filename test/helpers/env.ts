import type { ApplicationFailure } from '@temporalio/common';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '../../config';

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

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

/** The level test processes log at: errors only unless TEST_LOG_LEVEL asks for more (e.g. info, to rerun a failure). */
export const testLogLevel = (): string => (process.env.TEST_LOG_LEVEL ?? 'error').toLowerCase();
