// `npm run worker`: runs the worker pools WORKER_QUEUES selects (default: all), until SIGINT/SIGTERM.
import { NativeConnection } from '@temporalio/worker';
import { loadConfigOrExit } from '../config';
import { createLogger } from '../observability/logger';
import { connectionOptions } from '../temporal-config/client';
import { startPools } from './pools';
import { exitStopped, onStopSignals } from './stop-signals';
import { installRuntime } from './runtime';
import { startProcessMetrics } from '../observability/process-metrics';

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config.observability.logLevel, 'worker', config.observability.logFormat);
  installRuntime(logger, config.observability.sdkMetricsPort, config.observability.metricsHost);
  const { ledger, metrics, server: metricsServer } = await startProcessMetrics(config);
  const connection = await NativeConnection.connect(connectionOptions(config.temporal));
  const pools = await startPools(config, { connection, ledger, logger, metrics: metrics.notifications });
  const running = pools.run();
  logger.info(
    {
      queues: config.queues.selected,
      sdkMetricsPort: config.observability.sdkMetricsPort,
      appMetricsPort: config.observability.appMetricsPort,
      buildId: config.temporal.deployment?.buildId ?? 'unversioned',
    },
    'workers running; SIGINT/SIGTERM drains and exits',
  );
  // The SDK runtime turns SIGINT/SIGTERM into a graceful shutdown of every worker; run() then resolves.
  onStopSignals((signal) => logger.info({ signal }, 'stopping: the workers finish what they hold'));
  await running;
  await connection.close();
  await ledger.close();
  metricsServer.close();
  logger.info('workers drained; exiting');
  exitStopped();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
