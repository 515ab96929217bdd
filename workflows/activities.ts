// Activity proxies the workflows share: each vendor on its own queue (domain/task-queues.ts), with
// timeouts shorter than the shortest monitor interval (3 min) so cycles never pile up.
import { proxyActivities, type ActivityInterfaceFor, type ActivityOptions } from '@temporalio/workflow';
import type { AppStoreActivities } from '../activities/app-store/activities';
import type { BruinActivities } from '../activities/bruin/activities';
import type { CtsActivities } from '../activities/cts/activities';
import type { DevopsActivities } from '../activities/devops/activities';
import type { FleetActivities } from '../activities/app-store/fleet';
import type { FlapActivities } from '../activities/app-store/flaps';
import type { MaintenanceActivities } from '../activities/app-store/maintenance';
import type { OwedMarkActivities } from '../activities/app-store/owed-marks';
import type { DigiActivities } from '../activities/digi/activities';
import type { DispatchTimelineActivities } from '../activities/dispatch/activities';
import type { HawkeyeActivities } from '../activities/hawkeye/activities';
import type { LitActivities } from '../activities/lit/activities';
import type { LuminActivities } from '../activities/lumin/activities';
import type { ReportFileActivities } from '../activities/app-store/report-files';
import type { NotifierActivities } from '../activities/notifier/activities';
import type { T7Activities } from '../activities/t7/activities';
import type { VelocloudActivities } from '../activities/velocloud/activities';
import { ORCHESTRATION_QUEUE, type TaskQueueName } from '../domain/task-queues';

export const vendorRetry = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '30s',
  maximumAttempts: 10,
} as const;

type Summarized<A> = ActivityInterfaceFor<A> & {
  /** The same activities with a one-line summary the Web UI shows on each call (e.g. the ticket it is for). */
  summarized(summary: string): ActivityInterfaceFor<A>;
};

/** Proxies for one task queue; `.summarized(text)` gives the same proxies with a per-call summary. */
function proxies<A extends object>(
  taskQueue: TaskQueueName,
  options: Omit<ActivityOptions, 'taskQueue'>,
): Summarized<A> {
  const full: ActivityOptions = { retry: vendorRetry, ...options, taskQueue };
  return Object.assign(Object.create(proxyActivities<A>(full)) as ActivityInterfaceFor<A>, {
    summarized: (summary: string) => proxyActivities<A>({ ...full, summary }),
  });
}

export const velocloud = proxies<VelocloudActivities>('velocloud', {
  startToCloseTimeout: '60s',
  heartbeatTimeout: '30s',
  scheduleToCloseTimeout: '2m',
});
export const hawkeye = proxies<HawkeyeActivities>('hawkeye', {
  startToCloseTimeout: '60s',
  scheduleToCloseTimeout: '2m',
});
export const bruin = proxies<BruinActivities>('bruin', { startToCloseTimeout: '30s', scheduleToCloseTimeout: '2m' });
/** Bruin ticket pages: a slow page may retry for longer than a single call. */
export const bruinPages = proxies<BruinActivities>('bruin', {
  startToCloseTimeout: '30s',
  scheduleToCloseTimeout: '10m',
});
/** Bruin calls that walk many items (serial lookups for a cache refresh): long, heartbeating. */
export const bruinBulk = proxies<BruinActivities>('bruin', { startToCloseTimeout: '10m', heartbeatTimeout: '60s' });
export const digi = proxies<DigiActivities>('digi', { startToCloseTimeout: '30s', scheduleToCloseTimeout: '2m' });
export const notifier = proxies<NotifierActivities>('notifier', { startToCloseTimeout: '15s' });
/**
 * Messages people wait for (ops notices, a dispatch's SMS and cancel email): retries span a vendor outage
 * or a run of dead workers of several minutes (about 17) instead of giving up after three; the ledger keeps
 * them from sending twice.
 */
export const patientNotifier = proxies<NotifierActivities>('notifier', {
  startToCloseTimeout: '15s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 20 },
});
/**
 * One more try of a message its workflow keeps owing and tries again itself (a dispatch's owed SMS, which may stop
 * being worth sending): about 2 minutes, so the workflow is back to its timeline soon.
 */
export const briefNotifier = proxies<NotifierActivities>('notifier', {
  startToCloseTimeout: '15s',
  scheduleToCloseTimeout: '2m',
});
/**
 * Owed work (a side effect decided on that a vendor did not take within the retries above): tried again at most
 * every 2 minutes for as long as the vendor takes to come back. Only a refusal (non-retryable) ends it. The
 * retries add no history events, and the attempt and last error show on the pending activity in the Web UI.
 */
const owedRetry = { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '2m' } as const;
export const owedBruin = proxies<BruinActivities>('bruin', { startToCloseTimeout: '30s', retry: owedRetry });
export const owedNotifier = proxies<NotifierActivities>('notifier', { startToCloseTimeout: '15s', retry: owedRetry });
export const owedDigi = proxies<DigiActivities>('digi', { startToCloseTimeout: '30s', retry: owedRetry });
export const appStore = proxies<AppStoreActivities>(ORCHESTRATION_QUEUE, { startToCloseTimeout: '60s' });
/**
 * The owed-work marks (`markOwed`, `clearOwed`), tried for as long as the store takes to come back: marking a side
 * effect owed is what keeps it from being given up, so it must not give up on the store (a PostgreSQL outage past
 * the 3 minutes of `vendorRetry` failed the whole cycle, and the side effect it was marking was never made).
 */
export const owedMarks = proxies<AppStoreActivities>(ORCHESTRATION_QUEUE, {
  startToCloseTimeout: '60s',
  retry: owedRetry,
});
/** The owed marks' holders, one describe each: a check run may simply try again at its next run. */
export const owedMarkChecks = proxies<OwedMarkActivities>(ORCHESTRATION_QUEUE, {
  startToCloseTimeout: '2m',
  heartbeatTimeout: '30s',
});
export const lit = proxies<LitActivities>('lit', { startToCloseTimeout: '60s', scheduleToCloseTimeout: '90s' });
export const cts = proxies<CtsActivities>('cts', {
  startToCloseTimeout: '60s',
  heartbeatTimeout: '30s',
  scheduleToCloseTimeout: '90s',
});
/**
 * A dispatch the portal asked for: a vendor that is down keeps it pending (retried every minute at most,
 * for up to a week), never lost; find-or-create keeps a retry from creating it twice.
 */
const portalRequest = {
  startToCloseTimeout: '60s',
  scheduleToCloseTimeout: '7d',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
} as const;
export const portalLit = proxies<LitActivities>('lit', portalRequest);
export const portalCts = proxies<CtsActivities>('cts', portalRequest);
export const portalBruin = proxies<BruinActivities>('bruin', portalRequest);
export const timelines = proxies<DispatchTimelineActivities>(ORCHESTRATION_QUEUE, {
  startToCloseTimeout: '60s',
  heartbeatTimeout: '30s',
});
export const t7 = proxies<T7Activities>('t7', { startToCloseTimeout: '60s', scheduleToCloseTimeout: '5m' });
/** DevOps metrics: reads of the app store, longer for a repo with a hundred thousand events. */
export const devops = proxies<DevopsActivities>(ORCHESTRATION_QUEUE, { startToCloseTimeout: '5m' });
/** The sites monitor's snapshot store. */
export const fleet = proxies<FleetActivities>(ORCHESTRATION_QUEUE, { startToCloseTimeout: '60s' });
/** Maintenance windows, where the monitors look them up. */
export const maintenanceStore = proxies<MaintenanceActivities>(ORCHESTRATION_QUEUE, { startToCloseTimeout: '60s' });
/** The outage monitor's flap records (which flapping edges' tickets have their note). */
export const flapRecords = proxies<FlapActivities>(ORCHESTRATION_QUEUE, { startToCloseTimeout: '60s' });
/**
 * A Lumin export pages a whole billing period inside one attempt (hundreds of thousands of items):
 * long, heartbeating after every page, resumed from the last page by the retry.
 */
export const lumin = proxies<LuminActivities>('lumin', {
  startToCloseTimeout: '1h',
  heartbeatTimeout: '30s',
  retry: { ...vendorRetry, maximumInterval: '1m', maximumAttempts: 20 },
});
/** A report's email: its attachment can be tens of megabytes, so a send may take minutes. */
export const reportNotifier = proxies<NotifierActivities>('notifier', {
  startToCloseTimeout: '5m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 20 },
});
/** A report's email owed: the same send, waiting out the mail server (see `sendReportEmail`). */
export const owedReportNotifier = proxies<NotifierActivities>('notifier', {
  startToCloseTimeout: '5m',
  retry: owedRetry,
});
export const reportFiles = proxies<ReportFileActivities>(ORCHESTRATION_QUEUE, { startToCloseTimeout: '60s' });
