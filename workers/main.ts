// `npm run worker`: runs the worker pools WORKER_QUEUES selects (default: all), until SIGINT/SIGTERM.
import { NativeConnection } from '@temporalio/worker';
import { loadConfigOrExit } from '../config';
import { createLogger } from '../observability/logger';
import { createAppMetrics, serveMetrics } from '../observability/metrics';
import { openAppStore } from '../store';
import { countingStore } from '../store/counting-store';
import { observeVendorCalls } from '../activities/vendor-calls';
import { observeBusinessEvents } from '../activities/business-events';
import { startPools } from './pools';
import { installRuntime } from './runtime';

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config.observability.logLevel, 'worker', config.observability.logFormat);
  installRuntime(logger, config.observability.sdkMetricsPort, config.observability.metricsHost);
  const store = openAppStore(config.store);
  const metrics = createAppMetrics({
    doraResults: () => store.devops.latestDoraResults(),
    fleetSnapshot: () => store.fleet.latestFleetSnapshot(),
  });
  // The workers' and servers' store: its failures are counted (automation_engine_app_store_errors_total).
  const ledger = countingStore(store, metrics.appStoreErrors);
  observeVendorCalls(metrics.vendorCalls);
  observeBusinessEvents(metrics.businessEvents);
  const metricsServer = await serveMetrics(
    metrics.registry,
    config.observability.appMetricsPort,
    config.observability.metricsHost,
  );
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const pools = await startPools(config, { connection, ledger, logger, metrics: metrics.notifications });
  logger.info(
    {
      queues: config.queues.selected,
      sdkMetricsPort: config.observability.sdkMetricsPort,
      appMetricsPort: config.observability.appMetricsPort,
    },
    'workers running; SIGINT/SIGTERM drains and exits',
  );
  // The SDK runtime turns SIGINT/SIGTERM into a graceful shutdown of every worker; run() then resolves.
  await pools.run();
  await connection.close();
  await ledger.close();
  metricsServer.close();
  logger.info('workers drained; exiting');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
