// `npm run portal`: the dispatch portal alone (seed 002's dispatch-portal-backend and -frontend), beside
// workers started elsewhere: its API, OpenAPI document and pages on DISPATCH_PORTAL_PORT.
import type { Client } from '@temporalio/client';
import { loadConfigOrExit } from '../config';
import { createLogger } from '../observability/logger';
import { connectClient } from '../temporal-config/client';
import { StoppedWaiting, waitForTemporal } from '../temporal-config/reach';
import { DEV_ACCOUNTS_FILE } from './accounts';
import { serveDispatchPortal } from './serve';
import { exitStopped, onStopSignals } from '../workers/stop-signals';

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config.observability.logLevel, 'dispatch-portal', config.observability.logFormat);
  // A stop while Temporal does not answer yet ends the wait; after that, it closes the server.
  const stop = new AbortController();
  let stopServer = () => stop.abort();
  onStopSignals(() => stopServer());
  let client: Client;
  try {
    client = await connectClient(config, waitForTemporal(config.temporal, logger, stop.signal));
  } catch (err) {
    if (!(err instanceof StoppedWaiting)) throw err;
    logger.info('stopped before Temporal answered; exiting');
    return exitStopped();
  }
  const { server, url, devAccounts } = await serveDispatchPortal(config, client, logger);
  logger.info(
    { url, openapi: `${url}/api/openapi.json`, accounts: devAccounts ? DEV_ACCOUNTS_FILE : 'DISPATCH_PORTAL_ACCOUNTS' },
    'dispatch portal listening',
  );
  stopServer = () =>
    void server
      .close()
      .then(() => client.connection.close())
      .then(exitStopped);
  if (stop.signal.aborted) stopServer(); // told to stop while it was starting
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
