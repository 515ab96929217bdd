import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';

/**
 * One activity, many vendor calls (an enterprise's edges, a serial's owner): runs `work` for every
 * item an earlier attempt did not finish, `concurrency` at a time, heartbeating each answer. A call
 * that fails retryably does not stop the others; the attempt then fails naming how many it could not
 * get, and the retry (or another worker, after this one died) resumes from the heartbeat. Starting a
 * batch over instead would, with a share of calls failing, rarely ever finish one of dozens of calls.
 * A non-retryable failure (a contract break) still fails at once.
 */
export async function resumableEach<I, R>(
  what: string,
  items: readonly I[],
  key: (item: I) => string,
  work: (item: I) => Promise<R>,
  concurrency = 1,
): Promise<Array<{ item: I; result: R }>> {
  const earlier = Context.current().info.heartbeatDetails as { done?: Record<string, R> } | undefined;
  const done: Record<string, R> = Object.assign(Object.create(null), earlier?.done);
  const queue = items.filter((item) => !Object.hasOwn(done, key(item)));
  const failures: unknown[] = [];
  await Promise.all(
    Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
        try {
          done[key(item)] = await work(item);
          Context.current().heartbeat({ done });
        } catch (err) {
          if (err instanceof ApplicationFailure && err.nonRetryable) throw err;
          failures.push(err);
        }
      }
    }),
  );
  if (failures.length > 0) {
    const first = failures[0] as Error;
    const failure = first instanceof ApplicationFailure ? first : undefined;
    throw ApplicationFailure.create({
      type: failure?.type ?? undefined,
      message: `${what}: ${failures.length} of ${items.length} calls failed (first: ${first.message}); the retry resumes with those`,
      nonRetryable: false,
      nextRetryDelay: failure?.nextRetryDelay,
    });
  }
  return items.map((item) => ({ item, result: done[key(item)] }));
}
