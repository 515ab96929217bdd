import { z } from 'zod';
import { bool, port } from './parse';

/** Logs and the two Prometheus endpoints (SDK metrics, app metrics). */
export const observabilityEnv = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  /** auto: readable lines on a terminal, JSON otherwise; json / pretty force one. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  SDK_METRICS_PORT: port(9464),
  APP_METRICS_PORT: port(9465),
  /**
   * The Temporal server's own metrics that `npm start` runs: the dev server's, or the cluster's frontend's, with
   * history, matching and worker on the next three ports.
   */
  TEMPORAL_METRICS_PORT: port(9466),
  /** Where both metrics endpoints listen: loopback unless told (a container sets 0.0.0.0 for Prometheus). */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** `npm start` also runs a local Prometheus (Debian's package) scraping the engine, on PROMETHEUS_PORT. */
  PROMETHEUS: bool(false),
  PROMETHEUS_PORT: port(9090),
});

export function observabilityConfig(env: z.infer<typeof observabilityEnv>) {
  return {
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    sdkMetricsPort: env.SDK_METRICS_PORT,
    appMetricsPort: env.APP_METRICS_PORT,
    serverMetricsPort: env.TEMPORAL_METRICS_PORT,
    metricsHost: env.METRICS_HOST,
    localPrometheus: env.PROMETHEUS ? { port: env.PROMETHEUS_PORT } : undefined,
  };
}
