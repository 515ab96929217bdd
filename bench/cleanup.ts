// A bench stops every process it started however it ends: a dev server or cluster left running by a failed bench
// competes with the next one for the machine's two cores (the 100,000-edge failure left one orphaned).

import { onStopSignals } from '../workers/stop-signals';
import { BenchUsageError } from './options';

const stops: Array<{ what: string; stop: () => Promise<void> }> = [];

/** Registers what a bench must stop if it fails or is interrupted; the answer forgets it once stopped normally. */
export function untilBenchEnds(what: string, stop: () => Promise<void>): () => void {
  const entry = { what, stop };
  stops.push(entry);
  return () => {
    const i = stops.indexOf(entry);
    if (i >= 0) stops.splice(i, 1);
  };
}

/** Stops what is still registered, the last started first; each gets `timeoutMs` before the next is stopped. */
async function stopAll(timeoutMs = 30_000, quiet = false): Promise<void> {
  for (let entry = stops.pop(); entry; entry = stops.pop()) {
    if (!quiet) console.error(`bench: stopping ${entry.what}`);
    const gaveUp = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
    const outcome = await Promise.race([entry.stop().catch((err: unknown) => err), gaveUp]);
    if (outcome === 'timeout') console.error(`bench: ${entry.what} did not stop within ${timeoutMs / 1000} s`);
    else if (outcome instanceof Error) console.error(`bench: stopping ${entry.what} failed: ${outcome.message}`);
  }
}

/** A bench's normal end: stops, the last started first, what it registered (a failure is still reported). */
export const stopRegistered = () => stopAll(30_000, true);

/**
 * Runs a bench: on failure, Ctrl-C or SIGTERM it stops every process it registered before exiting (1, 2 for bad
 * arguments, 130 for a signal); a bench that finishes has stopped them itself.
 */
export function runBench(main: () => Promise<void>): void {
  let ending = false;
  const end = async (code: number) => {
    if (ending) return;
    ending = true;
    await stopAll();
    process.exit(code);
  };
  onStopSignals((signal) => {
    console.error(`bench: ${signal}: stopping what it started`);
    void end(130);
  });
  main().then(
    async () => {
      if (stops.length > 0) await stopAll();
    },
    async (err: unknown) => {
      // A usage error is said in its own words; a stack would only bury them.
      if (err instanceof BenchUsageError) for (const problem of err.problems) console.error(`bench: ${problem}`);
      else console.error(err);
      await end(err instanceof BenchUsageError ? 2 : 1);
    },
  );
}
