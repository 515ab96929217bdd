// Activity proxies the workflows share: each vendor on its own queue, with timeouts shorter
// than the shortest monitor interval (3 min) so cycles never pile up.
import { proxyActivities } from '@temporalio/workflow';
import type { AppStoreActivities } from '../activities/app-store/activities';
import type { BruinActivities } from '../activities/bruin/activities';
import type { CtsActivities } from '../activities/cts/activities';
import type { DigiActivities } from '../activities/digi/activities';
import type { DispatchTimelineActivities } from '../activities/dispatch/activities';
import type { LitActivities } from '../activities/lit/activities';
import type { T7Activities } from '../activities/t7/activities';
import type { HawkeyeActivities } from '../activities/hawkeye/activities';
import type { NotifierActivities } from '../activities/notifier/activities';
import type { VelocloudActivities } from '../activities/velocloud/activities';

export const vendorRetry = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 10 } as const;
export const velocloudOptions = { taskQueue: 'velocloud', startToCloseTimeout: '60s', heartbeatTimeout: '30s', scheduleToCloseTimeout: '2m', retry: vendorRetry } as const;

export const velocloud = proxyActivities<VelocloudActivities>(velocloudOptions);
export const hawkeye = proxyActivities<HawkeyeActivities>({ taskQueue: 'hawkeye', startToCloseTimeout: '60s', scheduleToCloseTimeout: '2m', retry: vendorRetry });
export const bruinOptions = { taskQueue: 'bruin', startToCloseTimeout: '30s', scheduleToCloseTimeout: '2m', retry: vendorRetry } as const;
export const bruin = proxyActivities<BruinActivities>(bruinOptions);
export const bruinBulk = proxyActivities<BruinActivities>({ taskQueue: 'bruin', startToCloseTimeout: '10m', heartbeatTimeout: '60s', retry: vendorRetry });
export const digi = proxyActivities<DigiActivities>({ taskQueue: 'digi', startToCloseTimeout: '30s', scheduleToCloseTimeout: '2m', retry: vendorRetry });
export const notifierOptions = { taskQueue: 'notifier', startToCloseTimeout: '15s', retry: vendorRetry } as const;
export const notifier = proxyActivities<NotifierActivities>(notifierOptions);
export const appStore = proxyActivities<AppStoreActivities>({ taskQueue: 'orchestration', startToCloseTimeout: '60s', retry: vendorRetry });
export const lit = proxyActivities<LitActivities>({ taskQueue: 'lit', startToCloseTimeout: '60s', scheduleToCloseTimeout: '90s', retry: vendorRetry });
export const cts = proxyActivities<CtsActivities>({ taskQueue: 'cts', startToCloseTimeout: '60s', heartbeatTimeout: '30s', scheduleToCloseTimeout: '90s', retry: vendorRetry });
export const timelines = proxyActivities<DispatchTimelineActivities>({ taskQueue: 'orchestration', startToCloseTimeout: '60s', heartbeatTimeout: '30s', retry: vendorRetry });
export const t7Options = { taskQueue: 't7', startToCloseTimeout: '60s', scheduleToCloseTimeout: '5m', retry: vendorRetry } as const;
export const t7 = proxyActivities<T7Activities>(t7Options);
