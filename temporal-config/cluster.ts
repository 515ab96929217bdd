import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { resolveClusterTools } from '../scripts/toolchain.cjs';
import { SearchAttr } from '../domain/search-attributes';
import {
  ClusterError,
  migrateTemporalSchemas,
  parseDbUrl,
  startLocalPostgres,
  type TemporalDb,
} from './cluster-postgres';
import { ensureNamespace, registerSearchAttributes } from './search-attributes';
import { haproxyBinary, haproxyConfig } from './balancer';
import { processName, serviceHost, SERVICES, type Service } from './replicas';
import type { ServerMetricsTarget } from './server-metrics';
import { listenProblem } from '../http/listen-check';
import { pidRuns } from './pid-runs';
import { isNotFound } from './grpc-status';
import { StoppedWaiting } from './reach';

export { ClusterError } from './cluster-postgres';

export { SERVICES } from './replicas';

/** Every port the cluster listens on besides PostgreSQL's; the defaults are Temporal's own. */
export interface ClusterPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
  /** Each service's Prometheus `/metrics` (the same port on every replica's address). */
  frontendMetrics: number;
  historyMetrics: number;
  matchingMetrics: number;
  workerMetrics: number;
  ui: number;
}

export const DEFAULT_CLUSTER_PORTS: ClusterPorts = {
  frontend: 7233,
  frontendHttp: 7243,
  frontendMembership: 6933,
  history: 7234,
  historyMembership: 6934,
  matching: 7235,
  matchingMembership: 6935,
  worker: 7239,
  workerMembership: 6939,
  ...clusterMetricsPorts(9466),
  ui: 8233,
};

/** The services' metrics ports from the first (TEMPORAL_METRICS_PORT): frontend, history, matching, worker in turn. */
export function clusterMetricsPorts(
  first: number,
): Pick<ClusterPorts, 'frontendMetrics' | 'historyMetrics' | 'matchingMetrics' | 'workerMetrics'> {
  return { frontendMetrics: first, historyMetrics: first + 1, matchingMetrics: first + 2, workerMetrics: first + 3 };
}

export interface ClusterOptions {
  /** The cluster's own files: the local PostgreSQL's data and every service's log. */
  dir: string;
  namespace: string;
  ports: ClusterPorts;
  historyShards: number;
  /** An existing PostgreSQL (`postgres://user:password@host:port`); unset runs one under `dir`. */
  dbUrl?: string;
  /** The local PostgreSQL's port. */
  dbPort: number;
  /** The codec server the Web UI decodes payloads through; no Web UI at all when `headless`. */
  codecEndpoint?: string;
  codecIncludeCredentials?: boolean;
  headless?: boolean;
  /** Told when a service dies and is restarted. */
  onServiceExit?: (service: string, code: number | null) => void;
  /**
   * Processes per service (default 1). Above 1, each runs on a loopback address of its own (`serviceHost`), as on hosts
   * of their own, and HAProxy on 127.0.0.1 at the frontend port balances the frontends: clients dial it unchanged.
   */
  replicas?: number;
  /** Aborted when the process is told to stop while the cluster starts: what started stops, with StoppedWaiting. */
  signal?: AbortSignal;
}

export interface RunningCluster {
  address: string;
  db: TemporalDb;
  /** Never settles while the cluster runs: services that die are restarted (see onServiceExit). */
  exited: Promise<number | null>;
  /** Processes per service. */
  replicas: number;
  /** Every service process's `/metrics`, for Prometheus (`PROMETHEUS=1`) and the benches. */
  metricsTargets: ServerMetricsTarget[];
  /** Every service process's PID now (a restarted one has a new PID), and the local PostgreSQL's postmaster's. */
  pids(): Array<{ process: string; service: Service | 'postgres'; pid: number }>;
  /** A service's current process (tests kill one to show it is restarted and the rest carry on); replica 1-based. */
  processOf(service: Service, replica?: number): ChildProcess;
  /**
   * Kills a service process with SIGKILL, as a host dies, and keeps it down (no restart) until `release`: what a drill
   * needs to see the other replicas take over.
   */
  hold(service: Service, replica: number): Promise<void>;
  /** Starts a held process again. */
  release(service: Service, replica: number): void;
  /** Stops a service process gracefully (SIGTERM) and starts it again: one step of a rolling upgrade. */
  restart(service: Service, replica: number): Promise<void>;
  /** Stops and starts the local PostgreSQL (not one at TEMPORAL_DB_URL, which is someone else's). */
  restartDatabase(): Promise<void>;
  stop(): Promise<void>;
}

const repoRoot = join(__dirname, '..');

/** Temporal keeps each service's ports in a PostgreSQL smallint column (cluster_membership): at most this. */
export const MAX_SERVICE_PORT = 32_767;

/**
 * Free loopback ports for every cluster port and its PostgreSQL (tests and benches), all different: picked at
 * random from 20000-32767, under both the smallint limit and the kernel's ephemeral range, so nothing else
 * is handed them meanwhile.
 */
export async function freeClusterPorts(): Promise<{ ports: ClusterPorts; dbPort: number }> {
  const taken = new Set<number>();
  const pick = async (): Promise<number> => {
    for (;;) {
      const port = 20_000 + Math.floor(Math.random() * (MAX_SERVICE_PORT - 20_000));
      if (!taken.has(port) && (await portFree(port))) {
        taken.add(port);
        return port;
      }
    }
  };
  const ports = {} as ClusterPorts;
  for (const name of Object.keys(DEFAULT_CLUSTER_PORTS) as Array<keyof ClusterPorts>) ports[name] = await pick();
  return { ports, dbPort: await pick() };
}

/** Resolves once something accepts connections on the loopback port (or false at the deadline or on a stop). */
const listening = async (port: number, deadline: number, host: string, signal?: AbortSignal): Promise<boolean> => {
  while (Date.now() < deadline && !signal?.aborted) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, host);
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
};

const portFree = async (port: number) => (await listenProblem('127.0.0.1', port)) === undefined;

/**
 * Stops the services a killed `npm start` left running in `dir` (their PID files), so their ports are free again;
 * answers once they are gone. Whether there were any.
 */
export async function stopClusterLeftovers(dir: string): Promise<boolean> {
  if (!existsSync(dir)) return false;
  const killed: number[] = [];
  for (const pidFile of readdirSync(dir).filter((f) => f.endsWith('.pid'))) {
    const path = join(dir, pidFile);
    const pid = Number(readFileSync(path, 'utf8').trim());
    rmSync(path, { force: true });
    // Only one of our cluster binaries or the balancer: a reused PID belongs to someone else.
    if (!pidRuns(pid, 'temporal-config/cluster', 'haproxy')) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // gone already
    }
  }
  for (let i = 0; i < 100 && killed.some((pid) => existsSync(`/proc/${pid}`)); i++)
    await new Promise((r) => setTimeout(r, 50));
  return killed.length > 0;
}

/** The environment cluster.yaml and ui.yaml read. */
function serviceEnv(o: ClusterOptions, db: TemporalDb): NodeJS.ProcessEnv {
  const p = o.ports;
  return {
    ...process.env,
    TEMPORAL_DB_HOST: db.host,
    TEMPORAL_DB_PORT: String(db.port),
    TEMPORAL_DB_USER: db.user,
    TEMPORAL_DB_PASSWORD: db.password,
    TEMPORAL_HISTORY_SHARDS: String(o.historyShards),
    TEMPORAL_FRONTEND_PORT: String(p.frontend),
    TEMPORAL_FRONTEND_HTTP_PORT: String(p.frontendHttp),
    TEMPORAL_FRONTEND_MEMBERSHIP_PORT: String(p.frontendMembership),
    TEMPORAL_HISTORY_PORT: String(p.history),
    TEMPORAL_HISTORY_MEMBERSHIP_PORT: String(p.historyMembership),
    TEMPORAL_MATCHING_PORT: String(p.matching),
    TEMPORAL_MATCHING_MEMBERSHIP_PORT: String(p.matchingMembership),
    TEMPORAL_WORKER_PORT: String(p.worker),
    TEMPORAL_WORKER_MEMBERSHIP_PORT: String(p.workerMembership),
    TEMPORAL_ADDRESS: `127.0.0.1:${p.frontend}`,
    // The cluster's own address in its metadata: the one clients dial (the balancer's with replicas), the same from
    // every process.
    TEMPORAL_CLUSTER_RPC_ADDRESS: `127.0.0.1:${p.frontend}`,
    TEMPORAL_UI_PORT: String(p.ui),
    TEMPORAL_NAMESPACE: o.namespace,
    TEMPORAL_CODEC_ENDPOINT: o.codecEndpoint ?? '',
    TEMPORAL_CODEC_INCLUDE_CREDENTIALS: String(o.codecIncludeCredentials ?? false),
  };
}

/**
 * The cluster engine: PostgreSQL (local under `dir`, or `dbUrl`), both schemas migrated, then the history,
 * matching, frontend and internal-worker services as separate processes from `temporal-config/cluster/
 * cluster.yaml`, the `default` namespace and our search attributes, and the Web UI server. A service that
 * dies is reported and restarted. `stop()` ends the UI, the services (reverse order), then PostgreSQL.
 */
export async function startCluster(o: ClusterOptions, timeoutMs = 120_000): Promise<RunningCluster> {
  const tools = resolveClusterTools();
  if (!tools)
    throw new ClusterError(
      'the cluster engine is not built: run `npm run provision -- --cluster` (a few minutes, once)',
    );
  mkdirSync(o.dir, { recursive: true });
  await stopClusterLeftovers(o.dir);
  const tooHigh = Object.entries(o.ports).filter(
    ([name, port]) => name !== 'ui' && !name.endsWith('Metrics') && port > MAX_SERVICE_PORT,
  );
  if (tooHigh.length)
    throw new ClusterError(
      `ports above ${MAX_SERVICE_PORT} (${tooHigh.map(([n, p]) => `${n} ${p}`).join(', ')}): Temporal stores service ports as a smallint`,
    );
  const ports = Object.entries(o.ports).filter(([name]) => !o.headless || name !== 'ui');
  const busy: string[] = [];
  for (const [name, port] of ports) if (!(await portFree(port))) busy.push(`${name} ${port}`);
  if (busy.length)
    throw new ClusterError(
      `ports in use: ${busy.join(', ')}; stop what holds them (another npm start?) or move TEMPORAL_ADDRESS / TEMPORAL_UI_PORT`,
    );
  const local = o.dbUrl ? undefined : startLocalPostgres(join(o.dir, 'postgres'), o.dbPort);
  const db = local?.db ?? parseDbUrl(o.dbUrl!);
  try {
    migrateTemporalSchemas(tools.sqlTool, db);
  } catch (err) {
    local?.stop();
    throw err;
  }

  const env = serviceEnv(o, db);
  const replicas = o.replicas ?? 1;
  const balancer = replicas > 1 ? haproxyBinary() : undefined;
  const processes = new Map<string, ChildProcess>();
  /** Processes a drill killed and keeps down: not restarted until released. */
  const held = new Set<string>();
  const relaunch = new Map<string, () => void>();
  let stopping = false;
  const launch = (name: string, cmd: string, args: string[], processEnv: NodeJS.ProcessEnv = env) => {
    const out = openSync(join(o.dir, `${name}.log`), 'a');
    // Its own process group: a terminal's Ctrl-C reaches npm start, which drains the workers first.
    const child = spawn(cmd, args, { cwd: repoRoot, env: processEnv, stdio: ['ignore', out, out], detached: true });
    processes.set(name, child);
    relaunch.set(name, () => launch(name, cmd, args, processEnv));
    const pidFile = join(o.dir, `${name}.pid`);
    writeFileSync(pidFile, String(child.pid));
    // Whatever ends this process normally ends the services too (a SIGKILL is what the PID files are for).
    const killOnExit = () => child.exitCode === null && child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', (code) => {
      process.off('exit', killOnExit);
      rmSync(pidFile, { force: true });
      if (stopping || held.has(name) || processes.get(name) !== child) return;
      o.onServiceExit?.(name, code);
      setTimeout(() => !stopping && !held.has(name) && launch(name, cmd, args, processEnv), 1_000);
    });
  };
  const serverArgs = (service: Service) => [
    '--root',
    repoRoot,
    '--config',
    'temporal-config/cluster',
    '--env',
    'cluster',
    '--allow-no-auth',
    'start',
    '--service',
    service,
  ];
  /** Starts replica `r` of a service on its own address (bound and advertised to the others). */
  const launchService = (service: Service, r: number) => {
    const host = serviceHost(service, r, replicas);
    launch(processName(service, r, replicas), tools.server, serverArgs(service), {
      ...env,
      TEMPORAL_BIND_ADDRESS: host,
      TEMPORAL_BROADCAST_ADDRESS: host,
      TEMPORAL_METRICS_PORT: String(o.ports[`${service}Metrics`]),
    });
  };
  const all = (service: Service) => Array.from({ length: replicas }, (_, i) => i + 1).map((r) => ({ service, r }));

  /** Ends a process with `signal` (SIGKILL after 15 s) and waits for it. */
  const end = async (child: ChildProcess | undefined, signal: NodeJS.Signals) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const stop = async () => {
    stopping = true;
    const order = [
      'ui',
      'balancer',
      ...[...SERVICES].reverse().flatMap((sv) => all(sv).map(({ r }) => processName(sv, r, replicas))),
    ];
    for (const name of order) await end(processes.get(name), 'SIGTERM');
    local?.stop();
  };

  // History first, alone: on a new database the services would race to write the cluster's metadata, and
  // the losers exit (restarted, but a start should not read like a crash). Its membership port open means
  // it got past that step.
  launchService('history', 1);
  await listening(o.ports.historyMembership, Date.now() + 30_000, serviceHost('history', 1, replicas), o.signal);
  if (o.signal?.aborted) {
    await stop();
    throw new StoppedWaiting();
  }
  for (const { service, r } of SERVICES.flatMap(all)) if (service !== 'history' || r > 1) launchService(service, r);
  if (balancer) {
    const cfg = join(o.dir, 'haproxy.cfg');
    writeFileSync(
      cfg,
      haproxyConfig(
        { host: '127.0.0.1', port: o.ports.frontend },
        all('frontend').map(({ r }) => ({
          name: processName('frontend', r, replicas),
          host: serviceHost('frontend', r, replicas),
          port: o.ports.frontend,
        })),
      ),
    );
    launch('balancer', balancer, ['-db', '-f', cfg]);
  }

  const address = `127.0.0.1:${o.ports.frontend}`;
  try {
    await untilReady(address, o.namespace, Date.now() + timeoutMs, o.dir, o.signal);
  } catch (err) {
    await stop();
    throw err;
  }
  if (!o.headless)
    launch('ui', tools.uiServer, ['--root', repoRoot, '--config', 'temporal-config/cluster', '--env', 'ui', 'start']);
  return {
    address,
    db,
    replicas,
    metricsTargets: SERVICES.flatMap(all).map(({ service, r }) => ({
      address: `${serviceHost(service, r, replicas)}:${o.ports[`${service}Metrics`]}`,
      process: processName(service, r, replicas),
    })),
    pids: () => [
      ...SERVICES.flatMap(all).flatMap(({ service, r }) => {
        const pid = processes.get(processName(service, r, replicas))?.pid;
        return pid ? [{ process: processName(service, r, replicas), service, pid }] : [];
      }),
      ...(local ? postmasterPid(join(o.dir, 'postgres')) : []).map((pid) => ({
        process: 'postgres',
        service: 'postgres' as const,
        pid,
      })),
    ],
    exited: new Promise<number | null>(() => undefined),
    processOf: (service, replica = 1) => processes.get(processName(service, replica, replicas))!,
    async hold(service, replica) {
      const name = processName(service, replica, replicas);
      held.add(name);
      await end(processes.get(name), 'SIGKILL');
    },
    release(service, replica) {
      const name = processName(service, replica, replicas);
      if (held.delete(name)) relaunch.get(name)?.();
    },
    async restart(service, replica) {
      const name = processName(service, replica, replicas);
      held.add(name);
      await end(processes.get(name), 'SIGTERM');
      held.delete(name);
      relaunch.get(name)?.();
    },
    async restartDatabase() {
      if (!local) throw new ClusterError('PostgreSQL is at TEMPORAL_DB_URL: restart it where it runs');
      await local.restart();
    },
    stop,
  };
}

/**
 * Waits for the frontend, creates the namespace when missing, registers our search attributes and waits
 * until List queries accept them (the frontend's search-attribute cache refreshes on its own clock).
 */
async function untilReady(
  address: string,
  namespace: string,
  deadline: number,
  dir: string,
  signal?: AbortSignal,
): Promise<void> {
  let last: unknown;
  for (;;) {
    if (signal?.aborted) throw new StoppedWaiting();
    if (Date.now() > deadline)
      throw new ClusterError(
        `the Temporal cluster did not become ready at ${address}: ${String(last)}; see the service logs in ${dir}`,
      );
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        await ensureNamespace(connection, namespace);
        await registerSearchAttributes(connection, namespace);
        // Every history shard owned: after a restart the shards move to the new history process one by one.
        // Describing workflows that do not exist lands on every shard (by ID hash) and answers NOT_FOUND once
        // the shard is served.
        // Settled, not raced: the connection is closed below, and a call still being retried would then fail loudly.
        const probes = await Promise.allSettled(
          Array.from({ length: 64 }, (_, i) =>
            connection.workflowService.describeWorkflowExecution({
              namespace,
              execution: { workflowId: `readiness-probe-${i}` },
            }),
          ),
        );
        const unserved = probes.find(
          (p): p is PromiseRejectedResult => p.status === 'rejected' && !isNotFound(p.reason),
        );
        if (unserved) throw unserved.reason;
        await connection.workflowService.listWorkflowExecutions({
          namespace,
          pageSize: 1,
          query: Object.values(SearchAttr)
            .map((k) => `${k.name} = 'x'`)
            .join(' OR '),
        });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      last = err instanceof Error ? err.message : err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** The local PostgreSQL's postmaster (the first line of its PID file), if it runs. */
function postmasterPid(dir: string): number[] {
  try {
    const pid = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? [pid] : [];
  } catch {
    return [];
  }
}
