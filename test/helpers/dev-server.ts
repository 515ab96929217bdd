import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freeClusterPorts, startCluster, type ClusterPorts, type RunningCluster } from '../../temporal-config/cluster';

export { freeClusterPorts } from '../../temporal-config/cluster';
import { startDevServer } from '../../temporal-config/dev-server';
import type { ServerMetricsTarget } from '../../temporal-config/server-metrics';
import { freePort, tempDir } from './env';

/** The Web UI a suite opens in a browser: its port and the codec server it decodes through. */
export interface TestWebUi {
  port: number;
  codecEndpoint: string;
}

/** The Temporal an end-to-end suite runs on: what its tests need of either engine. */
export interface TestTemporal {
  address: string;
  port: number;
  /** The dev server's SQLite file (tests grep it for PII); empty on the cluster engine. */
  dbFile: string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
  /** Every server process's own `/metrics`. */
  metricsTargets: ServerMetricsTarget[];
  /** Set on the cluster engine. */
  cluster?: RunningCluster;
}

/**
 * A headless Temporal for an end-to-end suite, on free ports with its own data: the CLI dev server, or
 * with TEST_ENGINE=cluster (`npm run test:cluster`) the cluster engine on its own PostgreSQL (TEST_REPLICAS processes
 * per service).
 */
export async function startTestDevServer(options: { ui?: TestWebUi } = {}): Promise<TestTemporal> {
  if (process.env.TEST_ENGINE === 'cluster')
    return startTestCluster(undefined, undefined, options.ui, Number(process.env.TEST_REPLICAS ?? 1));
  const dir = tempDir('devserver');
  const port = await freePort();
  const dbFile = join(dir, 'temporal.sqlite');
  const server = await startDevServer({
    port,
    uiPort: options.ui?.port ?? 0,
    dbFile,
    namespace: 'default',
    headless: !options.ui,
    codecEndpoint: options.ui?.codecEndpoint,
    logFile: join(dir, 'server.log'),
    metricsPort: await freePort(),
  });
  return { ...server, dbFile, port };
}

/**
 * Everything the server stored, as text, for PII checks: the dev server's SQLite files, or a dump of the
 * cluster's two PostgreSQL databases.
 */
export function storedBytes(temporal: TestTemporal): string {
  if (temporal.cluster) {
    const { host, port, user, password } = temporal.cluster.db;
    return ['temporal', 'temporal_visibility']
      .map((db) => {
        const dump = spawnSync('pg_dump', ['-h', host, '-p', String(port), '-U', user, db], {
          env: { ...process.env, PGPASSWORD: password },
          maxBuffer: 512 * 1024 * 1024,
        });
        if (dump.status !== 0) throw new Error(`pg_dump ${db} failed: ${dump.stderr.toString()}`);
        // Histories are bytea, dumped as hex: decoded, so a plaintext phone number in them would show.
        return dump.stdout
          .toString('latin1')
          .replace(/\\x([0-9a-f]+)/g, (_, hex: string) => Buffer.from(hex, 'hex').toString('latin1'));
      })
      .join('');
  }
  return [temporal.dbFile, `${temporal.dbFile}-wal`]
    .filter(existsSync)
    .map((f) => readFileSync(f).toString('latin1'))
    .join('');
}

/** The cluster engine on free ports: a PostgreSQL of its own, four services, and the UI server when asked for. */
export async function startTestCluster(
  dir = tempDir('cluster'),
  /** Ports (and PostgreSQL's) of an earlier start on `dir`: a restart on the same ones is what users do. */
  reuse?: { ports: ClusterPorts; dbPort: number },
  ui?: TestWebUi,
  /** Processes per service (TEMPORAL_REPLICAS): above 1, HAProxy balances the frontends. */
  replicas = 1,
): Promise<TestTemporal & { ports: ClusterPorts; dbPort: number }> {
  // PostgreSQL runs as its own user (we may be root): it must be able to enter the temp directory.
  chmodSync(dir, 0o755);
  const free = reuse ?? (await freeClusterPorts());
  const ports = ui ? { ...free.ports, ui: ui.port } : free.ports;
  const cluster = await startCluster({
    dir,
    namespace: 'default',
    ports,
    historyShards: 4,
    dbPort: free.dbPort,
    headless: !ui,
    codecEndpoint: ui?.codecEndpoint,
    replicas,
  });
  return {
    ports,
    dbPort: free.dbPort,
    address: cluster.address,
    port: ports.frontend,
    dbFile: '',
    exited: cluster.exited,
    stop: cluster.stop,
    metricsTargets: cluster.metricsTargets,
    cluster,
  };
}
