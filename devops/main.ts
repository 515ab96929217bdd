// `npm run devops`: the DevOps metrics service alone (seed 003's event processor): POST /process-event,
// GET /dora/<repo>, and the DORA gauges on APP_METRICS_PORT. The computation runs on the worker pools.
import { loadConfigOrExit } from '../config';
import { createLogger } from '../observability/logger';
import { serveDevops } from './serve';
import { DEV_TOKEN_FILE } from './token';
import { exitStopped, onStopSignals } from '../workers/stop-signals';
import { startProcessMetrics } from '../observability/process-metrics';

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config.observability.logLevel, 'devops-metrics', config.observability.logFormat);
  const { ledger: store, metrics, server: metricsServer } = await startProcessMetrics(config, logger);
  const server = await serveDevops(config.devops, store.devops, logger, metrics.devopsEvents);
  logger.info(
    {
      url: `http://${config.devops.host}:${config.devops.port}/process-event`,
      token: config.devops.token ? 'DEVOPS_EVENTS_SECRET_TOKEN' : DEV_TOKEN_FILE,
      appMetricsPort: config.observability.appMetricsPort,
    },
    'devops metrics service listening',
  );
  onStopSignals(
    () =>
      void Promise.all([
        new Promise((r) => server.close(r)),
        new Promise((r) => metricsServer.close(r)),
        store.close(),
      ]).then(exitStopped),
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
