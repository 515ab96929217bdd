// This process's threads seen through its own inspector: the main thread and every worker thread (the SDK runs
// workflows in worker threads, each a V8 isolate of its own, so `global.gc()` and `process.memoryUsage().heapUsed`
// see only the main thread's heap, not the cached workflows').
import { Session } from 'node:inspector/promises';

/** An inspector session into one thread: post a method, get its result. */
export interface ThreadSession {
  post(method: string, params?: object): Promise<unknown>;
}

/** Sessions into the main thread and each worker thread running now; `close()` ends them. */
export async function threadSessions(): Promise<{ threads: ThreadSession[]; close(): void }> {
  const session = new Session();
  session.connect();
  const workerIds: string[] = [];
  const pending = new Map<string, (r: unknown) => void>();
  let next = 1;
  session.on('NodeWorker.attachedToWorker', (m) => workerIds.push(m.params.sessionId));
  session.on('NodeWorker.receivedMessageFromWorker', (m) => {
    const reply = JSON.parse(m.params.message) as { id?: number; result?: unknown };
    if (reply.id !== undefined) pending.get(`${m.params.sessionId}/${reply.id}`)?.(reply.result);
  });
  await session.post('NodeWorker.enable', { waitForDebuggerOnStart: false });
  await new Promise((r) => setTimeout(r, 200)); // the attach events of the threads already running
  const main: ThreadSession = { post: (method, params = {}) => session.post(method, params) };
  const workers = workerIds.map((sessionId): ThreadSession => ({
    post: (method, params = {}) =>
      new Promise<unknown>((resolve) => {
        const id = next++;
        pending.set(`${sessionId}/${id}`, resolve);
        void session.post('NodeWorker.sendMessageToWorker', {
          sessionId,
          message: JSON.stringify({ id, method, params }),
        });
      }),
  }));
  return { threads: [main, ...workers], close: () => session.disconnect() };
}

/**
 * A full GC in every thread (twice, a second apart, so V8 gives freed pages back), then the JS heap used summed over
 * every thread's isolate and the process's RSS.
 */
export async function memoryAfterGc(): Promise<{ rss: number; heapUsed: number }> {
  const { threads, close } = await threadSessions();
  try {
    for (let round = 0; round < 2; round++) {
      for (const t of threads) await t.post('HeapProfiler.collectGarbage');
      await new Promise((r) => setTimeout(r, 1_000));
    }
    let heapUsed = 0;
    for (const t of threads) heapUsed += ((await t.post('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    return { rss: process.memoryUsage().rss, heapUsed };
  } finally {
    close();
  }
}
