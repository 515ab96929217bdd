import type { WorkflowHandle } from '@temporalio/client';
import type { OutageMonitorResult } from '../../workflows/outage/outage-monitor';
import type { TestEngine } from './engine';
import { until } from './worker-process';

/** The demo fleet's edge the cluster suites take down: mettel.velocloud.net/102, serial VC05200039471. */
export const DOWN_EDGE = { serial: 'VC05200039471', searchId: 'mettel.velocloud.net/102' };

/**
 * An outage cycle caught mid-recheck: a healthy cycle first (it builds the customer cache), then DOWN_EDGE goes
 * offline and a second cycle starts; answers once that edge's recheck batch sleeps in its durable 5 s timer (started,
 * not fired), with the cycle still running.
 */
export async function sleepingRecheck(
  engine: TestEngine,
): Promise<{ cycle: Promise<{ result: OutageMonitorResult }>; recheck: WorkflowHandle }> {
  const healthy = await engine.triggerSchedule<OutageMonitorResult>('outage-monitor');
  if (healthy.result.inOutage !== 0)
    throw new Error(`the demo fleet was not healthy: ${JSON.stringify(healthy.result)}`);
  await engine.sb.call('PATCH', '/_sandbox/velocloud/edges/mettel.velocloud.net%2F1%2F102', { edgeState: 'OFFLINE' });
  const cycle = engine.triggerSchedule<OutageMonitorResult>('outage-monitor');
  const recheck = await until('the recheck batch to start', async () => {
    for await (const w of engine.client.workflow.list({ query: `EdgeIds = '${DOWN_EDGE.searchId}'` }))
      return engine.client.workflow.getHandle(w.workflowId);
    return undefined;
  });
  await until('the recheck to sleep in its 5 s timer', async () => {
    const events = (await recheck.fetchHistory().catch(() => undefined))?.events ?? [];
    return events.some((e) => e.timerStartedEventAttributes) && !events.some((e) => e.timerFiredEventAttributes)
      ? true
      : undefined;
  });
  return { cycle, recheck };
}

/** The Bruin tickets the sandbox holds for a serial. */
export async function ticketsOf(engine: TestEngine, serial: string): Promise<unknown[]> {
  const state = (await engine.sb.call('GET', '/_sandbox/state')).json as {
    vendors: { bruin: { tickets: Record<string, { serviceNumber: string }> } };
  };
  return Object.values(state.vendors.bruin.tickets).filter((t) => t.serviceNumber === serial);
}
