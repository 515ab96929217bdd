import { observeBusinessEvents } from '../activities/business-events';
import { observeVendorCalls } from '../activities/vendor-calls';
import type { AppConfig } from '../config';
import { openAppStore, warnIdleConnection, type AppStore } from '../store';
import { countingStore } from '../store/counting-store';
import { Gauge } from 'prom-client';
import type { Logger } from 'pino';
import { createAppMetrics, serveMetrics } from './metrics';
import { perScrape } from './per-scrape';

/** What the store-backed gauges read at each scrape (from `store()`), and whether the store can be read at all. */
export function storeGaugeSources(store: () => AppStore) {
  // One read per scrape serves the owed-work gauges and `app_store_up`.
  const owedSummary = perScrape(() => store().owedSummary());
  return {
    doraResults: () => store().devops.latestDoraResults(),
    fleetSnapshot: () => store().fleet.latestFleetSnapshot(),
    owedSummary,
    storeReadable: owedSummary,
    openMaintenanceWindows: () => store().maintenance.openMaintenanceWindows(new Date()),
  };
}

/**
 * An engine process's app metrics (`npm start`, `npm run worker`, `npm run devops`): the store, its
 * failures counted; the gauges read from it at scrape time; vendor calls and business events reported
 * to this process's registry; `/metrics` served on APP_METRICS_PORT.
 */
export async function startProcessMetrics(config: AppConfig, logger: Logger) {
  const store = openAppStore(config.store, warnIdleConnection(logger));
  const metrics = createAppMetrics(storeGaugeSources(() => store));
  const ledger = countingStore(store, metrics.appStoreErrors);
  observeVendorCalls(metrics.vendorCalls);
  observeBusinessEvents(metrics.businessEvents);
  // Which build this process runs, so a dashboard tells the versions apart during a deploy.
  new Gauge({
    name: 'automation_engine_build_info',
    help: 'Always 1: the worker deployment and build ID this process runs (none: Worker Versioning off)',
    labelNames: ['deployment', 'build_id'] as const,
    registers: [metrics.registry],
  }).set(
    {
      deployment: config.temporal.deployment?.deploymentName ?? 'none',
      build_id: config.temporal.deployment?.buildId ?? 'none',
    },
    1,
  );
  const server = await serveMetrics(
    metrics.registry,
    config.observability.appMetricsPort,
    config.observability.metricsHost,
  );
  return { ledger, metrics, server };
}
