import type { StoreLocation } from '../config/store';
import type { CustomerCache } from './customer-cache';
import type { NotificationLedger } from './ledger';
import type { ProcessedKeys } from './processed-keys';
import type { OwedWork } from './owed-work';
import type { RecheckClaims } from './recheck-claims';
import type { StoreRetention } from './retention';
import type { DevopsEventStore } from './devops-events';
import type { FleetSnapshotStore } from './fleet-snapshots';
import type { EdgeFlapStore } from './edge-flaps';
import type { MaintenanceWindowStore } from './maintenance-windows';
import type { ReportFileStore } from './report-files';
import { PostgresAppStore } from './postgres-app-store';
import { SqliteAppStore } from './sqlite-app-store';
import type { Logger } from 'pino';

export type { CustomerCache, CustomerCacheEntry, CustomerCacheSnapshot } from './customer-cache';
export type { BeginResult, Channel, LedgerEntry, NotificationLedger } from './ledger';
export type { ProcessedKeys } from './processed-keys';
export type { RecheckClaims } from './recheck-claims';
export type { Forgotten, StoreRetention } from './retention';
export type { OwedSummary, OwedWork } from './owed-work';
export type { DevopsEventStore, DoraResult, IncomingDevopsEvent } from './devops-events';
export type { FleetSnapshotStore } from './fleet-snapshots';
export type { EdgeFlapStore, StoredFlap } from './edge-flaps';
export type { MaintenanceWindowStore } from './maintenance-windows';
export type { ReportFileStore } from './report-files';

/**
 * Everything the engine keeps besides Temporal: the notification ledger, customer caches, processed keys, the
 * outage rechecks' claims, the subjects owing side effects, the DevOps events with their DORA keys, the sites monitor's fleet snapshots, the outage
 * monitor's flap records, the maintenance windows, and report
 * files until sent.
 */
export type AppStore = NotificationLedger &
  CustomerCache &
  ProcessedKeys &
  RecheckClaims &
  OwedWork &
  StoreRetention & {
    readonly devops: DevopsEventStore;
    readonly fleet: FleetSnapshotStore;
    readonly flaps: EdgeFlapStore;
    readonly maintenance: MaintenanceWindowStore;
    readonly reports: ReportFileStore;
  };

/**
 * Opens the app store the config names: PostgreSQL when DATABASE_URL is set, else the SQLite file. `onIdleError`
 * hears of a pooled PostgreSQL connection lost while idle (a warning on stderr if not given).
 */
export function openAppStore(config: StoreLocation, onIdleError?: (err: Error) => void): AppStore {
  return config.kind === 'postgres'
    ? PostgresAppStore.connect(config.url, onIdleError)
    : new SqliteAppStore(config.file);
}

/** An `onIdleError` for a process with a logger: a warning, and the process goes on. */
export const warnIdleConnection = (logger: Logger) => (err: Error) =>
  logger.warn({ err: err.message }, 'app store: an idle PostgreSQL connection failed; the next query opens another');
