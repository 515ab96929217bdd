// `npm run setup:search-attributes`: on a cluster, creates the namespace when missing (a new cluster has
// only temporal-system), then registers our search attributes (Vendor, DispatchNumber, TicketId, ...).
import { Connection } from '@temporalio/client';
import { loadConfigOrExit } from '../config';
import { ensureNamespace, registerSearchAttributes } from '../temporal-config/search-attributes';
import { clientConnectionOptions } from '../temporal-config/client';
import { reachTemporal } from '../temporal-config/reach';

async function main() {
  const config = loadConfigOrExit();
  // A setup job started beside the server (compose starts them together) waits for it, as the workers do.
  const { address, connectWaitMs } = config.temporal;
  const connection = await reachTemporal(address, () => Connection.connect(clientConnectionOptions(config.temporal)), {
    waitMs: connectWaitMs,
    onWait: (reason, retryInMs) =>
      console.error(
        `Temporal at ${address} is not reachable yet (${reason}); trying again in ${Math.round(retryInMs / 100) / 10} s`,
      ),
  });
  for (let deadline = Date.now() + 60_000; ;) {
    try {
      await ensureNamespace(connection, config.temporal.namespace);
      break;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  const added = await registerSearchAttributes(connection, config.temporal.namespace);
  console.log(added.length ? `registered: ${added.join(', ')}` : 'all search attributes already registered');
  await connection.close();
}
main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
