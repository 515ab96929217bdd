// `npm run setup:search-attributes`: registers Vendor, DispatchNumber, TicketId, EdgeId, ClientId, Outcome.
import { Connection } from '@temporalio/client';
import { loadConfigOrExit } from '../config';
import { registerSearchAttributes } from '../temporal-config/search-attributes';

async function main() {
  const config = loadConfigOrExit();
  const connection = await Connection.connect({ address: config.temporal.address });
  const added = await registerSearchAttributes(connection, config.temporal.namespace);
  console.log(added.length ? `registered: ${added.join(', ')}` : 'all search attributes already registered');
  await connection.close();
}
main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
