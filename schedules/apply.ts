import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  ServiceError,
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

/** gRPC codes a server just (re)started answers with for a while: unknown, deadline exceeded, internal, unavailable. */
const TRANSIENT_CODES = new Set([2, 4, 13, 14]);

/** Whether a failed call may succeed if made again in a moment (the client's own retries have given up already). */
export function transientServerError(err: unknown): boolean {
  const cause = err instanceof ServiceError ? err.cause : err;
  return TRANSIENT_CODES.has((cause as { code?: unknown } | undefined)?.code as number);
}

/**
 * Creates each schedule, or updates it in place when it exists (keeping its paused state and note).
 * Safe to run at every start. A server that has just started may not answer for a schedule yet (describing one asks
 * its scheduler, which may not be running yet): such a failure is tried again for up to `patienceMs`.
 */
export async function applySchedules(
  client: Client,
  definitions: ScheduleDefinition[],
  { patienceMs = 60_000, pauseMs = 1_000 } = {},
): Promise<ApplyOutcome[]> {
  const deadline = Date.now() + patienceMs;
  const outcomes: ApplyOutcome[] = [];
  for (const def of definitions)
    for (;;) {
      try {
        outcomes.push({ id: def.id, action: await applyOne(client, def) });
        break;
      } catch (err) {
        if (!transientServerError(err) || Date.now() >= deadline) throw err;
        await new Promise((r) => setTimeout(r, pauseMs));
      }
    }
  return outcomes;
}

async function applyOne(client: Client, def: ScheduleDefinition): Promise<ApplyOutcome['action']> {
  try {
    await client.schedule.create({ scheduleId: def.id, ...spec(def), state: { note: def.note } });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule
      .getHandle(def.id)
      .update((previous): ScheduleUpdateOptions => ({ ...previous, ...spec(def) }));
    return 'updated';
  }
}
