import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '../config';
import { createDataConverter } from '../codec/data-converter';
import { clientInterceptors } from './closed-channel-guard';

/**
 * Where and how every client and worker connects: the address, plus TLS (mTLS, a private CA, the server
 * name) and a Temporal Cloud API key when configured.
 */
export function connectionOptions(temporal: AppConfig['temporal']) {
  const { tls, apiKey } = temporal.connection;
  return { address: temporal.address, ...(tls ? { tls } : {}), ...(apiKey ? { apiKey } : {}) };
}

/** A client connection's options: where and how, plus retries that cannot outlive `close()` (see the guard). */
export function clientConnectionOptions(temporal: AppConfig['temporal']) {
  return { ...connectionOptions(temporal), interceptors: clientInterceptors() };
}

/** A Temporal client with the engine's data converter (payloads encrypted), as every caller must use. */
export async function connectClient(config: AppConfig): Promise<Client> {
  const connection = await Connection.connect(clientConnectionOptions(config.temporal));
  return new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: createDataConverter(config.codec),
  });
}
