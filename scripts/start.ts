// `npm start`: the whole engine on one machine — Temporal dev server (Web UI), codec server, vendor
// sandbox, every worker pool — then applies the schedules. Ctrl-C stops everything.
import { dirname, join } from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { createCodecServer } from '../codec/server';
import { AesGcmPayloadCodec } from '../codec/aes-gcm-codec';
import { resolvePayloadKeys } from '../codec/keys';
import { connectClient, connectionOptions } from '../temporal-config/client';
import { loadConfigOrExit } from '../config';
import { createLogger } from '../observability/logger';
import { TerminalLog } from '../observability/terminal-log';
import { startLocalPrometheus } from '../observability/local-prometheus';
import { startSandbox } from '../sandbox';
import { applySchedules } from '../schedules/apply';
import { scheduleDefinitions } from '../schedules/definitions';
import { startDevServer } from '../temporal-config/dev-server';
import { reachTemporal, StoppedWaiting, waitForTemporal } from '../temporal-config/reach';
import { clusterMetricsPorts, DEFAULT_CLUSTER_PORTS, startCluster } from '../temporal-config/cluster';
import type { ServerMetricsTarget } from '../temporal-config/server-metrics';
import { shardSpreadWarning } from '../temporal-config/replicas';
import { resolveClusterTools } from './toolchain.cjs';
import { spawnSync } from 'node:child_process';
import { serveDevops } from '../devops/serve';
import { DEV_TOKEN_FILE } from '../devops/token';
import { DEV_ACCOUNTS_FILE } from '../portal/accounts';
import { serveDispatchPortal } from '../portal/serve';
import { runsPinnedElsewhere } from '../cli/deploy-move';
import { startPools } from '../workers/pools';
import { installRuntime } from '../workers/runtime';
import { exitStopped, onStopSignals } from '../workers/stop-signals';
import { startProcessMetrics } from '../observability/process-metrics';
import { claimDataDir, portProblems, startPorts, stopLeftoverEngine } from './preflight';

/** The Temporal server's own metrics for the banner: `:9466/metrics`, or the cluster's `:9466-9469/metrics`. */
function temporalMetrics(targets: ServerMetricsTarget[]): string {
  const ports = [...new Set(targets.map((t) => Number(t.address.split(':')[1])))].sort((a, b) => a - b);
  if (!ports.length) return 'none';
  const span = ports.length > 1 ? `${ports[0]}-${ports[ports.length - 1]}` : String(ports[0]);
  // Replicas serve the same port on addresses of their own.
  return `:${span}/metrics${targets.length > ports.length ? ' (on each replica’s address)' : ''}`;
}

/** What has been started so far, stopped in reverse order at the end, or when the start fails halfway. */
const stops: Array<() => Promise<unknown> | void> = [];
async function stopAll(): Promise<void> {
  for (const stop of stops.splice(0).reverse())
    await Promise.resolve()
      .then(stop)
      .catch((err: unknown) => console.error(`while stopping: ${err instanceof Error ? err.message : String(err)}`));
}

/** Thrown at the next step of the start after a Ctrl-C or SIGTERM: what had started stops, and the exit is clean. */
class StoppedStarting extends Error {
  constructor() {
    super('stopped while starting');
  }
}
/** How a stop asked for while starting says it is done (set once the logger exists). */
let sayStopped: (() => Promise<void>) | undefined;

async function main() {
  const config = loadConfigOrExit();
  // A person at a terminal gets readable lines, and after the banner only warnings and errors (the banner
  // stays in view); everything also goes to a file. Pipes, files and LOG_FORMAT=json get every JSON line.
  const terminalLog =
    process.stdout.isTTY && config.observability.logFormat !== 'json'
      ? new TerminalLog(join(dirname(config.temporal.dbFile), 'engine.log'), process.stdout)
      : undefined;
  const logger = terminalLog
    ? createLogger(config.observability.logLevel, 'engine', 'json', terminalLog)
    : createLogger(config.observability.logLevel, 'engine', config.observability.logFormat);
  // Listening from here: a stop while the engine is still coming up stops what has started, in order (the dev
  // server, in a process group of its own, would outlive a process that Node's default ended). Once the pools exist,
  // the SDK runtime drains them on the same signal.
  const stop = new AbortController();
  let up = false;
  // A second SIGINT within moments is the echo of a terminal's Ctrl-C (see onStopSignals), not a request to
  // force-quit; a later one is. A repeated SIGTERM is a supervisor's: it sends SIGKILL when it will not wait.
  onStopSignals(
    (signal) => {
      stop.abort();
      terminalLog?.showAll();
      logger.info(
        !up
          ? 'stopping: the engine is still starting; what has started stops'
          : signal === 'SIGINT'
            ? 'stopping: the workers finish what they hold (Ctrl-C again to stop at once, after 2 s)'
            : 'stopping (SIGTERM): the workers finish what they hold',
      );
    },
    (signal, sinceFirstMs) => {
      if (signal !== 'SIGINT' || sinceFirstMs < 2_000) return;
      logger.warn('second Ctrl-C: stopping now, without waiting for in-flight work');
      process.exit(130);
    },
  );
  const stillStarting = () => {
    if (stop.signal.aborted) throw new StoppedStarting();
  };
  sayStopped = async () => {
    logger.info('stopped');
    if (terminalLog) await new Promise((r) => terminalLog.end(r));
  };
  const [host, port] = config.temporal.address.split(':');
  const codecUrl = `http://localhost:${config.codec.serverPort}`;

  stops.push(claimDataDir(dirname(config.temporal.dbFile)));
  if (await stopLeftoverEngine(config)) logger.info('stopped what a killed npm start had left running on this data');
  const busy = await portProblems(startPorts(config));
  if (busy.length)
    throw new Error(
      `cannot start, every port below is needed (see .env.example):\n${busy.map((p) => `  ${p}`).join('\n')}`,
    );

  const keys = resolvePayloadKeys(config.codec);
  const codecServer = createCodecServer({
    codec: new AesGcmPayloadCodec(keys.current, keys.old),
    corsOrigins: config.codec.corsOrigins,
    token: config.codec.serverToken,
  });
  await new Promise<void>((resolve, reject) => {
    codecServer.once('error', reject);
    codecServer.listen(config.codec.serverPort, config.codec.serverHost, resolve);
  });
  stops.push(() => new Promise((r) => codecServer.close(r)));

  const serverLog = join(dirname(config.temporal.dbFile), 'temporal-server.log');
  const server = config.temporal.engine === 'cluster' ? await startClusterEngine() : await startDevEngine();
  const engineName = config.temporal.engine === 'cluster' ? 'the Temporal cluster' : 'the Temporal dev server';
  let stopping = false;
  stops.push(() => {
    stopping = true;
    return server.stop();
  });
  stillStarting();

  async function startDevEngine() {
    logger.info('starting the Temporal dev server (first start creates the SQLite file)');
    return startDevServer({
      port: Number(port),
      uiPort: config.temporal.uiPort,
      dbFile: config.temporal.dbFile,
      namespace: config.temporal.namespace,
      codecEndpoint: codecUrl,
      logFile: serverLog,
      metricsPort: config.observability.serverMetricsPort,
      ownProcessGroup: true,
      signal: stop.signal,
    });
  }

  async function startClusterEngine() {
    if (!resolveClusterTools()) {
      logger.info('building the cluster engine from source (first time only): npm run provision -- --cluster');
      const built = spawnSync(process.execPath, ['scripts/provision-temporal.mjs', '--cluster-only'], {
        stdio: 'inherit',
      });
      if (built.status !== 0) throw new Error('could not build the cluster engine (see above)');
    }
    const dir = join(dirname(config.temporal.dbFile), 'cluster');
    const { replicas } = config.temporal.cluster;
    logger.info(
      { dir, replicas },
      replicas > 1
        ? `starting PostgreSQL and the Temporal cluster: ${replicas} each of frontend, history, matching and worker, HAProxy in front of the frontends, and the UI`
        : 'starting PostgreSQL and the Temporal cluster (frontend, history, matching, worker, UI)',
    );
    const spread = shardSpreadWarning(replicas, config.temporal.cluster.historyShards);
    if (spread) logger.warn(spread);
    return startCluster({
      dir,
      namespace: config.temporal.namespace,
      ports: {
        ...DEFAULT_CLUSTER_PORTS,
        ...clusterMetricsPorts(config.observability.serverMetricsPort),
        frontend: Number(port),
        ui: config.temporal.uiPort,
      },
      historyShards: config.temporal.cluster.historyShards,
      dbUrl: config.temporal.cluster.dbUrl,
      dbPort: config.temporal.cluster.dbPort,
      replicas,
      signal: stop.signal,
      codecEndpoint: codecUrl,
      codecIncludeCredentials: config.codec.serverToken !== undefined,
      onServiceExit: (service, code) =>
        logger.error({ service, code, log: join(dir, `${service}.log`) }, 'a Temporal service exited; restarting it'),
    });
  }
  if (host !== '127.0.0.1' && host !== 'localhost')
    logger.warn(
      { address: config.temporal.address },
      'TEMPORAL_ADDRESS is not local; the dev server listens on 127.0.0.1',
    );

  const sandbox = await startSandbox({
    host: config.sandbox.host,
    httpPort: config.sandbox.httpPort,
    smtpPort: config.sandbox.smtpPort,
    scenario: config.sandbox.scenario,
  });
  stops.push(() => sandbox.close());

  installRuntime(logger, config.observability.sdkMetricsPort, config.observability.metricsHost);
  const { ledger, metrics, server: metricsServer } = await startProcessMetrics(config, logger);
  stops.push(() => ledger.close());
  stops.push(() => new Promise((r) => metricsServer.close(r)));
  const prometheus = config.observability.localPrometheus
    ? await startLocalPrometheus({
        dataDir: join(dirname(config.temporal.dbFile), 'prometheus'),
        port: config.observability.localPrometheus.port,
        targets: {
          sdk: `127.0.0.1:${config.observability.sdkMetricsPort}`,
          app: `127.0.0.1:${config.observability.appMetricsPort}`,
          temporal: server.metricsTargets,
        },
      })
    : undefined;
  if (prometheus && 'missing' in prometheus) logger.warn(prometheus.missing);
  else if (prometheus) stops.push(() => prometheus.stop());
  const devopsServer = await serveDevops(config.devops, ledger.devops, logger, metrics.devopsEvents);
  stops.push(() => new Promise((r) => devopsServer.close(r)));
  // The server has just answered, but under load its first worker connection can still time out (CI, 2026-12-07:
  // "Timeout expired"): try again as a worker would, rather than give up the whole start.
  const connection = await reachTemporal(
    config.temporal.address,
    () => NativeConnection.connect(connectionOptions(config.temporal)),
    { ...waitForTemporal(config.temporal, logger, stop.signal), waitMs: 60_000 },
  );
  stops.push(() => connection.close());
  stillStarting();
  // The one-machine engine: the previous build's workers stopped with the previous `npm start`.
  const pools = await startPools(config, { connection, ledger, logger, metrics: metrics.notifications, promote: true });
  const running = pools.run();
  // A stop from here on is the runtime's to pass to the pools (it heard it first); this one waits for their drain.
  stops.push(() => pools.shutdown());
  up = true;
  const activation = await pools.activated;
  stillStarting();
  // A dev server that dies leaves every worker polling nothing: say so and stop, rather than hang.
  void server.exited.then((code) => {
    if (stopping) return;
    logger.error({ code, log: serverLog }, `${engineName} exited; stopping the engine`);
    process.exitCode = 1;
    void pools.shutdown();
  });

  const client = await connectClient(config);
  for (const outcome of await applySchedules(client, scheduleDefinitions(config)))
    logger.info(outcome, 'schedule applied');
  const portal = await serveDispatchPortal(config, client, logger);
  stops.push(async () => {
    await portal.server.close();
    await client.connection.close();
  });

  const live = [...Object.entries(config.notifier), ...Object.entries(config.vendors)]
    .filter(([, c]) => c.live)
    .map(([name]) => name);
  console.log(
    [
      '',
      `  Temporal Web UI   http://localhost:${config.temporal.uiPort}   (payloads decoded via ${codecUrl})`,
      ...(config.codec.serverToken
        ? [
            `                    codec server needs its token: sign this browser in at ${codecUrl}/login, then turn on`,
            '                    "Include cross-origin credentials" in the Web UI\'s codec server settings',
          ]
        : []),
      `  Temporal gRPC     ${config.temporal.address}   (npm run temporal -- workflow list)`,
      `  Worker build      ${config.temporal.deployment ? `${config.temporal.deployment.buildId} of ${config.temporal.deployment.deploymentName}: ${activation === 'failed' ? 'NOT current (see the log)' : 'current'}   (npm run deploy -- status)` : 'unversioned (WORKER_VERSIONING=false)'}`,
      config.temporal.engine === 'cluster'
        ? `  Temporal engine   cluster: ${config.temporal.cluster.replicas > 1 ? `${config.temporal.cluster.replicas} each of frontend, history, matching, worker behind HAProxy` : 'frontend, history, matching, worker'} on PostgreSQL (${config.temporal.cluster.historyShards} shards; logs in ${join(dirname(config.temporal.dbFile), 'cluster')})`
        : '  Temporal engine   dev server (SQLite; TEMPORAL_ENGINE=cluster runs a cluster on PostgreSQL)',
      `  Vendor sandbox    http://${config.sandbox.host}:${sandbox.httpPort}/_sandbox/state   SMTP ${config.sandbox.host}:${sandbox.smtpPort}`,
      `  Metrics           SDK :${config.observability.sdkMetricsPort}/metrics   app :${config.observability.appMetricsPort}/metrics   Temporal ${temporalMetrics(server.metricsTargets)}`,
      ...(prometheus && 'url' in prometheus
        ? [`  Prometheus        ${prometheus.url}   (scrapes them all every 5 s, with the alert rules)`]
        : []),
      `  Dispatch portal   ${portal.url}   API docs ${portal.url}/api/docs   (accounts: ${portal.devAccounts ? `${DEV_ACCOUNTS_FILE}, user:role:password` : 'DISPATCH_PORTAL_ACCOUNTS'})`,
      `  DevOps metrics    http://${config.devops.host}:${config.devops.port}/process-event   GET /dora/<repo>   (token: ${config.devops.token ? 'DEVOPS_EVENTS_SECRET_TOKEN' : DEV_TOKEN_FILE})`,
      `  Live channels     ${live.length ? live.join(', ') : 'none (every vendor is the sandbox)'}`,
      ...(terminalLog
        ? [`  Logs              ${terminalLog.filePath} (here: warnings and errors only from now on)`]
        : []),
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  terminalLog?.quietAfterBanner();
  // Runs the previous `npm start`'s build pinned wait for it: say so, and how to move them here. A warning only: it
  // neither holds up the signal handlers below nor, if the server cannot count, stops the engine.
  const pinnedWarning = runsPinnedElsewhere(client, config).then(
    (builds) => {
      for (const { buildId, pinned } of builds)
        logger.warn(
          { buildId, pinned },
          `${pinned} pinned run(s) wait for build ${buildId}, whose workers are not running: ` +
            `npm run deploy -- move ${buildId} --reason "<why>" moves each one that replays on this build`,
        );
    },
    (err: unknown) => logger.warn({ err }, 'could not count the runs pinned to other builds'),
  );
  // A Ctrl-C right after the banner: the count finishes (or gives up) before the client closes under it.
  stops.push(() => Promise.race([pinnedWarning, new Promise((r) => setTimeout(r, 5_000).unref())]));

  // The SDK runtime drains the workers on SIGINT/SIGTERM while the dev server (its own process group,
  // so Ctrl-C does not reach it) still takes their completions; then the rest stops in reverse order.
  await running;
  logger.info(`workers drained; stopping ${engineName}, the sandbox and the servers`);
  await stopAll();
  // engine.log is written through a stream: every line in the file before the exit.
  await sayStopped();
  exitStopped();
}

/** An error with the causes under it ("Failed to describe schedule: 4 DEADLINE_EXCEEDED: ..."), for the terminal. */
function withCauses(err: unknown): string {
  const said: string[] = [];
  for (let e: unknown = err; e !== undefined && said.length < 5; e = e instanceof Error ? e.cause : undefined)
    said.push(e instanceof Error ? e.message : String(e));
  return said.join(': ');
}

main().catch(async (err: unknown) => {
  const asked = err instanceof StoppedStarting || err instanceof StoppedWaiting;
  if (!asked) console.error(withCauses(err));
  // A start that fails halfway stops what it had started, in order; the dev server's exit hook would only SIGKILL it.
  await stopAll();
  if (!asked) process.exit(1);
  await sayStopped?.();
  exitStopped();
});
