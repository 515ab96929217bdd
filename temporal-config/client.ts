import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '../config';
import { createDataConverter } from '../codec/data-converter';
import { clientInterceptors } from './closed-channel-guard';
import { reachTemporal, type Patience } from './reach';

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

/**
 * A Temporal client with the engine's data converter (payloads encrypted), as every caller must use. When no
 * Temporal answers it fails with TemporalUnreachable (where and why), at once or, given patience, once that is spent.
 */
export async function connectClient(config: AppConfig, patience?: Patience): Promise<Client> {
  const connection = await reachTemporal(
    config.temporal.address,
    () => Connection.connect(clientConnectionOptions(config.temporal)),
    patience,
  );
  return new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: createDataConverter(config.codec),
  });
}
