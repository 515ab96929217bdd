import type { Duration } from '@temporalio/common';
import { ORCHESTRATION_QUEUE } from '../domain/task-queues';

/** One periodic monitor: which workflow a Schedule starts, how often, and what ops read about it. */
export interface ScheduleDefinition {
  id: string;
  workflowType: string;
  args: unknown[];
  every: Duration;
  /** How late a missed run may still start (server down, paused): about one interval. */
  catchupWindow: Duration;
  note: string;
  /** staticSummary of each started run, as the Web UI shows it. */
  summary: string;
}

/**
 * The engine's schedules, defined in code and applied idempotently (`npm run schedules:apply`).
 * Monitors added by later issues (outage every 3 min, triage every 10 min, ...) join this list.
 */
export const SCHEDULES: ScheduleDefinition[] = [
  {
    id: 'pool-health',
    workflowType: 'poolHealthCheck',
    args: [],
    every: '5 minutes',
    catchupWindow: '5 minutes',
    note: 'Pings every vendor worker pool; Outcome=degraded names a queue no worker serves.',
    summary: 'Worker pool health check',
  },
];

export const scheduleTaskQueue = ORCHESTRATION_QUEUE;
