import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { DevopsConfig } from '../config/devops';
import type { DevopsEventMetrics } from '../observability/metrics';
import type { DevopsEventStore } from '../store/devops-events';
import { createDevopsServer } from './server';
import { resolveDevopsToken } from './token';

/** Starts the DevOps metrics service on its port; resolves once it listens. */
export async function serveDevops(
  config: DevopsConfig,
  store: DevopsEventStore,
  logger: Logger,
  observe?: DevopsEventMetrics,
): Promise<Server> {
  const server = createDevopsServer({
    store,
    token: resolveDevopsToken(config),
    windowDays: config.windowDays,
    logger,
    observe,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  return server;
}
