import type { StoreConfig } from '../config/store';
import type { CustomerCache } from './customer-cache';
import type { NotificationLedger } from './ledger';
import type { ProcessedKeys } from './processed-keys';
import { PostgresLedger } from './postgres-ledger';
import { SqliteLedger } from './sqlite-ledger';

export type { CustomerCache, CustomerCacheEntry, CustomerCacheSnapshot } from './customer-cache';
export type { BeginResult, Channel, LedgerEntry, NotificationLedger } from './ledger';
export type { ProcessedKeys } from './processed-keys';

/** Everything the engine keeps besides Temporal: the notification ledger, customer caches, processed keys. */
export type AppStore = NotificationLedger & CustomerCache & ProcessedKeys;

/** Opens the app store the config names: PostgreSQL when DATABASE_URL is set, else the SQLite file. */
export function openLedger(config: StoreConfig): AppStore {
  return config.kind === 'postgres' ? PostgresLedger.connect(config.url) : new SqliteLedger(config.file);
}
