import { Context } from '@temporalio/activity';

/**
 * Registered on every vendor queue: answering proves a worker polls that queue. The pool health
 * check schedules it per queue with a short schedule-to-start timeout.
 */
export function createPoolHealthActivities() {
  return {
    async poolPing(): Promise<{ queue: string; answeredAt: string }> {
      return { queue: Context.current().info.taskQueue, answeredAt: new Date().toISOString() };
    },
  };
}
export type PoolHealthActivities = ReturnType<typeof createPoolHealthActivities>;
