import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { ConfigError, type AppConfig } from '../config';
import { portalProductionProblems } from '../config/portal';
import { devAccounts, resolveSessionSecret } from './accounts';
import { createDispatchService } from './dispatches';
import { createPortalServer } from './server';
import { maintenanceWindows } from './maintenance';
import { openAppStore, warnIdleConnection } from '../store';
import { createVendorReads } from './vendor-reads';

/** The portal's dispatches over this config's vendors and dispatch settings (as the monitors have them). */
export function dispatchServiceFor(config: AppConfig, client: Client) {
  return createDispatchService({
    client,
    reads: createVendorReads(config.vendors),
    settings: {
      ctsTimeZone: config.monitors.dispatch.ctsTimeZone,
      completeAfterHours: config.monitors.dispatch.completeAfterHours,
      cancelEmails: { lit: config.vendors.lit.cancelEmail, cts: config.vendors.cts.cancelEmail },
    },
  });
}

/** The portal for this config, listening; `client` is the engine's encrypting client (contacts are PII). */
export async function serveDispatchPortal(
  config: AppConfig,
  client: Client,
  logger: Logger,
): Promise<{ server: FastifyInstance; url: string; devAccounts: boolean }> {
  const { portal } = config;
  if (config.temporal.appEnv === 'production') {
    const problems = portalProductionProblems(portal);
    if (problems.length > 0) throw new ConfigError(problems);
  }
  const accounts = portal.accounts ?? (await devAccounts());
  const ui = `http://localhost:${config.temporal.uiPort}/namespaces/${encodeURIComponent(config.temporal.namespace)}`;
  // Maintenance windows: the monitors' lookup table and the customer caches live in the app store.
  const store = openAppStore(config.store, warnIdleConnection(logger));
  const server = await createPortalServer({
    dispatches: dispatchServiceFor(config, client),
    maintenance: maintenanceWindows({ client, store, maxDays: config.monitors.maintenance.maxDays }),
    accounts,
    sessionSecret: resolveSessionSecret(portal.sessionSecret),
    secureCookies: portal.secureCookies,
    logger,
    historyUrl: (workflowId) => `${ui}/workflows/${encodeURIComponent(workflowId)}`,
  });
  server.addHook('onClose', async () => store.close());
  await server.listen({ port: portal.port, host: portal.host });
  return { server, url: portal.publicUrl, devAccounts: portal.accounts === undefined };
}
