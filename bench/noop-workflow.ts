// The no-op baselines of the benches: empty activities for bench/outage-cycle, an empty timeline for bench/dispatch-timelines.
import { proxyActivities, sleep } from '@temporalio/workflow';
import { mapBounded } from '../domain/batches';

const { noop } = proxyActivities<{ noop(): Promise<void> }>({ taskQueue: 'bench-noop', startToCloseTimeout: '30s' });

export async function noopActivities(count: number, parallel: number): Promise<number> {
  await mapBounded(
    Array.from({ length: count }, (_, i) => i),
    parallel,
    () => noop(),
  );
  return count;
}

const { stamp } = proxyActivities<{ stamp(): Promise<void> }>({ taskQueue: 'bench-noop', startToCloseTimeout: '30s' });

/**
 * The no-op baseline for bench/dispatch-timelines, the reminder's shape without its work: asleep until `dueAt`, then
 * one workflow task that runs two activities side by side (the timeline's SMS and note) that only note the time.
 */
export async function noopTimeline(dueAt: number): Promise<void> {
  await sleep(Math.max(0, dueAt - Date.now()));
  await Promise.all([stamp(), stamp()]);
}
