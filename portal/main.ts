// `npm run portal`: the dispatch portal alone (seed 002's dispatch-portal-backend and -frontend), beside
// workers started elsewhere: its API, OpenAPI document and pages on DISPATCH_PORTAL_PORT.
import { loadConfigOrExit } from '../config';
import { createLogger } from '../observability/logger';
import { connectClient } from '../temporal-config/client';
import { DEV_ACCOUNTS_FILE } from './accounts';
import { serveDispatchPortal } from './serve';
import { exitStopped, onStopSignals } from '../workers/stop-signals';

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config.observability.logLevel, 'dispatch-portal', config.observability.logFormat);
  const client = await connectClient(config);
  const { server, url, devAccounts } = await serveDispatchPortal(config, client, logger);
  logger.info(
    { url, openapi: `${url}/api/openapi.json`, accounts: devAccounts ? DEV_ACCOUNTS_FILE : 'DISPATCH_PORTAL_ACCOUNTS' },
    'dispatch portal listening',
  );
  onStopSignals(
    () =>
      void server
        .close()
        .then(() => client.connection.close())
        .then(exitStopped),
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
