// The no-op baseline for bench/outage-cycle: `count` empty activities, at most `parallel` in flight.
import { proxyActivities } from '@temporalio/workflow';
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
