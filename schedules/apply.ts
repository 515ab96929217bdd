import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptions,
  type ScheduleUpdateOptions,
} from '@temporalio/client';
import { scheduleTaskQueue, type ScheduleDefinition } from './definitions';

export type ApplyOutcome = { id: string; action: 'created' | 'updated' };

function spec(def: ScheduleDefinition): Pick<ScheduleOptions, 'spec' | 'policies' | 'action'> {
  return {
    spec:
      typeof def.every === 'object'
        ? {
            calendars: [{ dayOfMonth: def.every.dayOfMonth, hour: def.every.hour, minute: def.every.minute }],
            timezone: def.every.timeZone,
          }
        : { intervals: [{ every: def.every }] },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: def.catchupWindow, pauseOnFailure: false },
    action: {
      type: 'startWorkflow',
      workflowType: def.workflow,
      args: def.args,
      taskQueue: scheduleTaskQueue,
      workflowId: def.id,
      staticSummary: def.summary,
    },
  };
}

/**
 * Creates each schedule, or updates it in place when it exists (keeping its paused state and note).
 * Safe to run at every start.
 */
export async function applySchedules(client: Client, definitions: ScheduleDefinition[]): Promise<ApplyOutcome[]> {
  const outcomes: ApplyOutcome[] = [];
  for (const def of definitions) {
    try {
      await client.schedule.create({ scheduleId: def.id, ...spec(def), state: { note: def.note } });
      outcomes.push({ id: def.id, action: 'created' });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule
        .getHandle(def.id)
        .update((previous): ScheduleUpdateOptions => ({ ...previous, ...spec(def) }));
      outcomes.push({ id: def.id, action: 'updated' });
    }
  }
  return outcomes;
}
