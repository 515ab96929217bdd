// `npm run worker`: runs the worker pools WORKER_QUEUES selects (default: all), until SIGINT/SIGTERM.
import { NativeConnection } from '@temporalio/worker';
import { loadConfigOrExit } from '../config';
import { createLogger } from '../observability/logger';
import { connectionOptions } from '../temporal-config/client';
import { reachTemporal, StoppedWaiting, TemporalUnreachable, waitForTemporal } from '../temporal-config/reach';
import { startPools } from './pools';
import { exitStopped, onStopSignals } from './stop-signals';
import { installRuntime } from './runtime';
import { startProcessMetrics } from '../observability/process-metrics';

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config.observability.logLevel, 'worker', config.observability.logFormat);
  installRuntime(logger, config.observability.sdkMetricsPort, config.observability.metricsHost);
  const { ledger, metrics, server: metricsServer } = await startProcessMetrics(config, logger);
  // The SDK runtime turns SIGINT/SIGTERM into a graceful shutdown of every worker it knows; run() then resolves.
  // Listening from here, not from when the pools run: a stop while Temporal does not answer yet ends the wait,
  // and one while the pools are being made is passed on to them (the runtime heard it before they registered).
  const stop = new AbortController();
  let connected = false;
  onStopSignals((signal) => {
    if (connected) logger.info({ signal }, 'stopping: the workers finish what they hold');
    stop.abort();
  });
  let connection: NativeConnection;
  try {
    connection = await reachTemporal(
      config.temporal.address,
      () => NativeConnection.connect(connectionOptions(config.temporal)),
      waitForTemporal(config.temporal, logger, stop.signal),
    );
  } catch (err) {
    await ledger.close();
    metricsServer.close();
    if (!(err instanceof StoppedWaiting)) throw err;
    logger.info('stopped before Temporal answered; exiting');
    return exitStopped();
  }
  connected = true;
  const pools = await startPools(config, { connection, ledger, logger, metrics: metrics.notifications });
  const running = pools.run();
  if (stop.signal.aborted) void pools.shutdown();
  logger.info(
    {
      queues: config.queues.selected,
      sdkMetricsPort: config.observability.sdkMetricsPort,
      appMetricsPort: config.observability.appMetricsPort,
      buildId: config.temporal.deployment?.buildId ?? 'unversioned',
    },
    'workers running; SIGINT/SIGTERM drains and exits',
  );
  await running;
  await connection.close();
  await ledger.close();
  metricsServer.close();
  logger.info('workers drained; exiting');
  exitStopped();
}

main().catch((err: unknown) => {
  // Unreachable says where and why in one line; anything else keeps its stack.
  console.error(err instanceof TemporalUnreachable ? err.message : err);
  process.exit(1);
});
