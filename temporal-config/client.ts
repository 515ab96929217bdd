import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '../config';
import { createDataConverter } from '../codec/data-converter';

/** A Temporal client with the engine's data converter (payloads encrypted), as every caller must use. */
export async function connectClient(config: AppConfig): Promise<Client> {
  const connection = await Connection.connect({ address: config.temporal.address });
  return new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: createDataConverter(config.codec),
  });
}
