import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { resolveTemporalCli } from '../scripts/toolchain.cjs';
import { searchAttributeFlags } from '../domain/search-attributes';
import { registerSearchAttributes } from './search-attributes';
import type { ServerMetricsTarget } from './server-metrics';
import { pidRuns } from './pid-runs';
import { StoppedWaiting } from './reach';

/** Updates one workflow may have in flight (server default 10); production.yaml sets the same for the cluster. */
export const MAX_IN_FLIGHT_UPDATES = 50;

export interface DevServerOptions {
  port: number;
  uiPort: number;
  dbFile: string;
  namespace: string;
  /** The codec server the Web UI decodes payloads through. */
  codecEndpoint?: string;
  /** Where the server's own output goes (it is chatty); inherits when unset. */
  logFile?: string;
  /** Where the server serves its own Prometheus `/metrics` (state transitions, shards, ...); none when unset. */
  metricsPort?: number;
  /** Disable the Web UI (tests). */
  headless?: boolean;
  /**
   * Run it in its own process group, so a terminal's Ctrl-C (sent to the whole foreground group)
   * reaches only `npm start`, which drains its workers before stopping the server. Its PID is kept
   * in `<dbFile>.pid`, so a server left behind by a killed `npm start` is stopped at the next start.
   */
  ownProcessGroup?: boolean;
  /** Aborted when the process is told to stop while the server starts: the server is stopped, with StoppedWaiting. */
  signal?: AbortSignal;
}

export interface RunningDevServer {
  address: string;
  process: ChildProcess;
  /** Settles with the exit code when the server process ends, for whatever reason. */
  exited: Promise<number | null>;
  /** The server's `/metrics` (one process runs every service), when it has a metrics port. */
  metricsTargets: ServerMetricsTarget[];
  stop(): Promise<void>;
}

/** Stops a dev server a killed `npm start` left running on this database (its PID file): the PID signalled, if any. */
function stopLeftover(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  rmSync(pidFile, { force: true });
  // Only a Temporal CLI process: a reused PID belongs to someone else.
  if (!pidRuns(pid, 'start-dev')) return undefined;
  try {
    process.kill(-pid, 'SIGTERM');
    return pid;
  } catch {
    return undefined; // gone since
  }
}

/**
 * Stops the dev server a killed `npm start` left running on `dbFile`, and waits until it has let go of its ports
 * (SIGKILL after `timeoutMs`). Whether there was one.
 */
export async function stopLeftoverDevServer(dbFile: string, timeoutMs = 10_000): Promise<boolean> {
  const pid = stopLeftover(`${dbFile}.pid`);
  if (pid === undefined) return false;
  const running = () => existsSync(`/proc/${pid}`);
  for (const deadline = Date.now() + timeoutMs; running() && Date.now() < deadline;)
    await new Promise((r) => setTimeout(r, 100));
  if (running()) process.kill(-pid, 'SIGKILL');
  return true;
}

/** Arguments for `temporal server start-dev`: SQLite file in WAL mode (10x faster) and our search attributes. */
export function devServerArgs(o: DevServerOptions): string[] {
  return [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(o.port),
    '--namespace',
    o.namespace,
    '--db-filename',
    o.dbFile,
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--sqlite-pragma',
    'synchronous=NORMAL',
    '--log-level',
    'warn',
    ...(o.metricsPort ? ['--metrics-port', String(o.metricsPort)] : []),
    ...(o.headless ? ['--headless'] : ['--ui-port', String(o.uiPort)]),
    ...(o.codecEndpoint && !o.headless ? ['--ui-codec-endpoint', o.codecEndpoint] : []),
    ...searchAttributeFlags().flatMap((f) => ['--search-attribute', f]),
    // Schedules and our long workflows want the dev server's defaults relaxed nowhere else.
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    // A build registers each of its ~12 task queues through one update to the server's deployment workflow, all at
    // start: past 10 in flight the server aborts the rest and retries them, which has stalled registration for a
    // minute under load (CI, 2026-12-03).
    '--dynamic-config-value',
    `history.maxInFlightUpdates=${MAX_IN_FLIGHT_UPDATES}`,
  ];
}

/** Starts the Temporal CLI dev server and waits until its gRPC API answers. */
export async function startDevServer(o: DevServerOptions, timeoutMs = 60_000): Promise<RunningDevServer> {
  const cli = resolveTemporalCli();
  if (!cli) throw new Error('Temporal CLI not provisioned: run `npm run provision` (or `npm install`)');
  mkdirSync(dirname(o.dbFile), { recursive: true });
  let stdio: 'inherit' | ['ignore', number, number] = 'inherit';
  if (o.logFile) {
    mkdirSync(dirname(o.logFile), { recursive: true });
    const fd = openSync(o.logFile, 'a');
    stdio = ['ignore', fd, fd];
  }
  const pidFile = `${o.dbFile}.pid`;
  if (o.ownProcessGroup) stopLeftover(pidFile);
  const child = spawn(cli, devServerArgs(o), { stdio, detached: o.ownProcessGroup ?? false });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  if (o.ownProcessGroup && child.pid) {
    writeFileSync(pidFile, String(child.pid));
    // Whatever ends this process normally ends the server too (a SIGKILL is what the PID file is for).
    const killOnExit = () => child.exitCode === null && child.kill('SIGKILL');
    process.once('exit', killOnExit);
    void exited.then(() => {
      process.off('exit', killOnExit);
      rmSync(pidFile, { force: true });
    });
  }
  // A signal can end the server before it runs its own handlers (a Ctrl-C to the terminal's group in the instant
  // between the spawn's fork and its new session): then it has no exit code, only a signal.
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  const stopServer = async () => {
    if (ended()) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const address = `127.0.0.1:${o.port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (o.signal?.aborted) {
      await stopServer();
      throw new StoppedWaiting();
    }
    if (ended())
      throw new Error(
        `temporal dev server exited with ${child.exitCode ?? child.signalCode}${o.logFile ? `; see ${o.logFile}` : ''}`,
      );
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        // The flags register search attributes only in a new file: one kept from an earlier version of
        // the engine lacks those added since (e.g. ReportPeriod), and workflows setting them would fail.
        await registerSearchAttributes(connection, o.namespace);
      } finally {
        await connection.close();
      }
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`temporal dev server did not answer on ${address} within ${timeoutMs} ms: ${String(err)}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    address,
    process: child,
    exited,
    metricsTargets: o.metricsPort ? [{ address: `127.0.0.1:${o.metricsPort}`, process: 'dev-server' }] : [],
    stop: stopServer,
  };
}
