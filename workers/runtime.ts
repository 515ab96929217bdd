import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import type { Logger as PinoLogger } from 'pino';
import { PinoSdkLogger } from '../observability/logger';

let installed = false;

/**
 * Installs the SDK runtime once per process: SDK and Core logs go to pino (JSON), and the SDK's
 * Prometheus exporter listens on `sdkMetricsPort` (0 turns it off).
 */
export function installRuntime(logger: PinoLogger, sdkMetricsPort: number, metricsHost = '127.0.0.1'): void {
  if (installed) return;
  Runtime.install({
    logger: new PinoSdkLogger(logger.child({ component: 'temporal-sdk' })),
    telemetryOptions: {
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }) },
      metrics:
        sdkMetricsPort > 0
          ? {
              prometheus: {
                bindAddress: `${metricsHost.includes(':') ? `[${metricsHost}]` : metricsHost}:${sdkMetricsPort}`,
              },
            }
          : undefined,
    },
  });
  installed = true;
}
