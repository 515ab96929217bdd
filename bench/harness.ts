// The engine for a benchmark: dev server (own SQLite file), sandbox holding `state`, every worker
// pool in this process with vendor rate limits raised (the sandbox is local; benchmarks measure the engine).
import { fork } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { createDataConverter } from '../codec/data-converter';
import { connectClient } from '../temporal-config/client';
import { loadConfig } from '../config';
import { createLogger } from '../observability/logger';
import { startSandbox, type RunningSandbox } from '../sandbox';
import type { fleetScenario } from '../sandbox/scenarios';
import type { SandboxState } from '../sandbox/state';
import { SqliteAppStore } from '../store/sqlite-app-store';
import { startDevServer, type DevServerOptions } from '../temporal-config/dev-server';
import { freeClusterPorts, startCluster } from '../temporal-config/cluster';
import { startPools } from '../workers/pools';
import { installRuntime } from '../workers/runtime';
import { untilBenchEnds } from './cleanup';
import type { WatchedServer } from './server-figures';

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A headless dev server on a free port with its own SQLite file and log in `dir`, serving its metrics. */
export const benchServerOptions = async (dir: string): Promise<DevServerOptions> => ({
  port: await freePort(),
  metricsPort: await freePort(),
  uiPort: 0,
  dbFile: join(dir, 'temporal.sqlite'),
  namespace: 'default',
  headless: true,
  logFile: join(dir, 'server.log'),
});

/** Vendor rate limits raised: the sandbox is local, and a benchmark measures the engine. */
export const BENCH_RATE_LIMITS = Object.fromEntries(
  ['BRUIN', 'VELOCLOUD', 'NOTIFIER', 'DIGI'].map((q) => [`QUEUE_${q}_RATE_LIMIT`, '10000']),
);

/** Which Temporal a bench runs on: the CLI dev server, or the cluster engine (PostgreSQL + four services). */
export type BenchEngine = 'dev' | 'cluster';

/** The cluster engine's shape in a bench (`--replicas`, `--shards`). */
export interface BenchClusterShape {
  /** Processes per service; above 1 behind HAProxy, as `TEMPORAL_REPLICAS` runs it. */
  replicas: number;
  historyShards: number;
}

export const DEFAULT_BENCH_CLUSTER: BenchClusterShape = { replicas: 1, historyShards: 8 };

/** A bench's Temporal: where to dial it, and its processes and metrics to watch (bench/server-figures.ts). */
export interface BenchTemporal extends WatchedServer {
  address: string;
  stop(): Promise<void>;
}

/** A headless Temporal of the given engine with its data in `dir`, on free ports. */
export async function startBenchTemporal(
  dir: string,
  engine: BenchEngine,
  shape: BenchClusterShape = DEFAULT_BENCH_CLUSTER,
): Promise<BenchTemporal> {
  if (engine === 'dev') {
    const server = await startDevServer(await benchServerOptions(dir));
    return {
      ...server,
      pids: () =>
        server.process.pid ? [{ process: 'dev-server', service: 'dev-server', pid: server.process.pid }] : [],
    };
  }
  chmodSync(dir, 0o755); // PostgreSQL runs as its own user when we are root
  const { ports, dbPort } = await freeClusterPorts();
  return startCluster({
    dir: join(dir, 'cluster'),
    namespace: 'default',
    ports,
    historyShards: shape.historyShards,
    dbPort,
    headless: true,
    replicas: shape.replicas,
  });
}

/**
 * A sandbox in a process of its own (bench/sandbox-process.ts), as vendors are remote in production: holding
 * a generated fleet, or a given state.
 */
export interface OwnProcessSandbox {
  ownProcess: { fleet: Parameters<typeof fleetScenario>[0] } | { state: SandboxState };
}

/** Forks the sandbox process, hands it what to hold, and resolves once it listens. */
async function forkSandbox(holding: OwnProcessSandbox['ownProcess']) {
  const child = fork(require.resolve('./sandbox-process'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.send(holding);
  const ports = await new Promise<{ httpPort: number; smtpPort: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { httpPort: number; smtpPort: number }));
    child.once('exit', (code) => reject(new Error(`the sandbox process exited with ${code} before listening`)));
  });
  return {
    ...ports,
    /** The sandbox's state now, read over its control API (`GET /_sandbox/state`). */
    async state(): Promise<SandboxState> {
      const res = await fetch(`http://127.0.0.1:${ports.httpPort}/_sandbox/state`);
      if (!res.ok) throw new Error(`the sandbox answered ${res.status} for its state`);
      return (await res.json()) as SandboxState;
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}

/**
 * The engine for a bench: Temporal, the sandbox (in this process holding `state`, or in its own process
 * holding a generated fleet or a given state), and every worker pool in this process.
 */
export async function startBenchEngine<S extends SandboxState | OwnProcessSandbox>(
  state: S,
  env: Record<string, string> = {},
  engine: BenchEngine = 'dev',
  shape: BenchClusterShape = DEFAULT_BENCH_CLUSTER,
) {
  const dir = mkdtempSync(join(tmpdir(), 'ae-bench-'));
  const server = await startBenchTemporal(dir, engine, shape);
  const forgetServer = untilBenchEnds(engine === 'dev' ? 'the dev server' : 'the cluster', () => server.stop());
  const sandbox = (
    'ownProcess' in state
      ? await forkSandbox(state.ownProcess)
      : await startSandbox({ host: '127.0.0.1', httpPort: 0, smtpPort: 0, scenario: 'empty' }).then((running) => {
          running.sandbox.state = state;
          return running;
        })
  ) as S extends OwnProcessSandbox ? Awaited<ReturnType<typeof forkSandbox>> : RunningSandbox;
  const forgetSandbox = untilBenchEnds('the sandbox', () => sandbox.close());
  const config = loadConfig({
    APP_ENV: 'test',
    TEMPORAL_ADDRESS: server.address,
    SANDBOX_HTTP_PORT: String(sandbox.httpPort),
    SANDBOX_SMTP_PORT: String(sandbox.smtpPort),
    APP_DB_FILE: join(dir, 'app.sqlite'),
    ...BENCH_RATE_LIMITS,
    // A pool's limits from the shell (`QUEUE_BRUIN_CONCURRENCY=100 npm run bench:outage`): sizing them is measuring.
    ...Object.fromEntries(
      Object.entries(process.env).filter(([k]) => /^QUEUE_[A-Z0-9]+_(RATE_LIMIT|CONCURRENCY)$/.test(k)),
    ),
    ...env,
  });
  const logger = createLogger('error', 'bench');
  installRuntime(logger, 0);
  const store = new SqliteAppStore(join(dir, 'app.sqlite'));
  const connection = await NativeConnection.connect({ address: server.address });
  const pools = await startPools(config, { connection, ledger: store, logger });
  const running = pools.run();
  const client = await connectClient(config);
  return {
    config,
    client,
    connection,
    sandbox,
    store,
    server,
    async stop() {
      await client.connection.close();
      await pools.shutdown();
      await running;
      await connection.close();
      await store.close();
      await sandbox.close();
      forgetSandbox();
      await server.stop();
      forgetServer();
    },
  };
}

/**
 * The raw baseline a bench compares against, on the same server: a worker that runs no-op activities
 * from a workflow that schedules them `concurrency` at a time.
 */
export async function startNoopBaseline(engine: Awaited<ReturnType<typeof startBenchEngine>>) {
  const dataConverter = createDataConverter(engine.config.codec);
  const noopWorker = await Worker.create({
    connection: engine.connection,
    dataConverter,
    taskQueue: 'bench-noop',
    activities: { noop: async () => undefined },
    maxConcurrentActivityTaskExecutions: 200,
  });
  const noopOrchestrator = await Worker.create({
    connection: engine.connection,
    dataConverter,
    taskQueue: 'bench-orchestration',
    workflowBundle: await bundleWorkflowCode({
      workflowsPath: require.resolve('./noop-workflow'),
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
    }),
  });
  const running = Promise.all([noopWorker.run(), noopOrchestrator.run()]);
  return {
    /** No-op activities per second over `count` of them. */
    async activitiesPerSecond(count = 2000): Promise<number> {
      const t = Date.now();
      await engine.client.workflow.execute('noopActivities', {
        taskQueue: 'bench-orchestration',
        workflowId: `bench-noop-${t}`,
        args: [count, 100],
      });
      return count / ((Date.now() - t) / 1000);
    },
    async stop() {
      noopWorker.shutdown();
      noopOrchestrator.shutdown();
      await running;
    },
  };
}
