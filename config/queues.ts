import { z } from 'zod';
import { ALL_QUEUES, TaskQueueName, isTaskQueueName } from '../domain/task-queues';
import { csv } from './parse';

/** Defaults per pool: activities/second the server hands out (protects the vendor), and slots per worker. */
const DEFAULTS: Record<TaskQueueName, { ratePerSecond?: number; concurrency: number }> = {
  orchestration: { concurrency: 200 },
  bruin: { ratePerSecond: 50, concurrency: 50 },
  velocloud: { ratePerSecond: 50, concurrency: 50 },
  hawkeye: { ratePerSecond: 20, concurrency: 20 },
  lit: { ratePerSecond: 5, concurrency: 10 },
  cts: { ratePerSecond: 5, concurrency: 10 },
  t7: { ratePerSecond: 20, concurrency: 20 },
  digi: { ratePerSecond: 5, concurrency: 5 },
  lumin: { ratePerSecond: 5, concurrency: 5 },
  notifier: { ratePerSecond: 10, concurrency: 20 },
};

/**
 * See WORKFLOW_CACHE_SIZE. With 500, bench:dispatch-timelines (2026-12-06) holds 2,000 timelines asleep in 490 MB and
 * 10,000 in 478 MB (after a GC in every thread), ~210-240 KB RSS and 70 KB of JS heap per cached timeline, and keeps
 * reminders under 2 s late up to 40/s. A larger cache trades that memory for fewer replays on wake-up; the last sweep of sizes predates the shared
 * workflow modules and is in git history.
 */
export const DEFAULT_WORKFLOW_CACHE_SIZE = 500;

const envName = (queue: string, what: 'RATE_LIMIT' | 'CONCURRENCY') => `QUEUE_${queue.toUpperCase()}_${what}`;
const positive = z.coerce.number().positive();

/** Which pools this process runs (WORKER_QUEUES) and every pool's limits (QUEUE_<NAME>_RATE_LIMIT / _CONCURRENCY). */
export const queuesEnv = z.object({
  WORKER_QUEUES: csv.default([...ALL_QUEUES]).refine((qs) => qs.length > 0 && qs.every(isTaskQueueName), {
    message: `expected a comma-separated subset of: ${ALL_QUEUES.join(', ')}`,
  }),
  /**
   * Workflows the orchestration worker keeps in memory between tasks (the SDK's default grows with the
   * machine's memory: 2,310 here, about 0.5 MB each). Past it, the least recently used is evicted and
   * replayed from its history when its next task comes: a sleeping dispatch timeline costs no memory
   * while it sleeps. At least the orchestration pool's concurrency.
   */
  WORKFLOW_CACHE_SIZE: z.coerce.number().int().min(1).max(100_000).optional(),
  ...Object.fromEntries(
    ALL_QUEUES.flatMap((q) => [
      [envName(q, 'RATE_LIMIT'), positive.optional()],
      [envName(q, 'CONCURRENCY'), z.coerce.number().int().positive().optional()],
    ]),
  ),
});

export interface PoolConfig {
  queue: TaskQueueName;
  ratePerSecond?: number;
  concurrency: number;
}

export function queuesConfig(env: z.infer<typeof queuesEnv>) {
  const raw = env as unknown as Record<string, number | undefined>;
  const pools = Object.fromEntries(
    ALL_QUEUES.map((queue) => [
      queue,
      {
        queue,
        ratePerSecond: raw[envName(queue, 'RATE_LIMIT')] ?? DEFAULTS[queue].ratePerSecond,
        concurrency: raw[envName(queue, 'CONCURRENCY')] ?? DEFAULTS[queue].concurrency,
      },
    ]),
  ) as Record<TaskQueueName, PoolConfig>;
  return {
    selected: env.WORKER_QUEUES as TaskQueueName[],
    pools,
    workflowCacheSize: env.WORKFLOW_CACHE_SIZE ?? DEFAULT_WORKFLOW_CACHE_SIZE,
  };
}
export type QueuesConfig = ReturnType<typeof queuesConfig>;
