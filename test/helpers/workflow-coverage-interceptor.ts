// Runs inside the workflow sandbox of a test worker (a workflow interceptor module of the instrumented bundle).
import { proxySinks, type Sinks, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import type { FileCoverageData } from 'istanbul-lib-coverage';
import type { CoverageCounts } from './workflow-coverage';

interface CoverageSinks extends Sinks {
  coverage: { add(counts: CoverageCounts): void };
}

const { coverage } = proxySinks<CoverageSinks>();
/** Files whose whole record (maps and counts) this module has sent: later activations send only counts. */
const described = new Set<string>();

/**
 * At the end of each activation, hands the main thread what ran since the last one and zeroes the counters. Only the
 * counters that moved travel (the statement, function and branch maps once per file), so an activation costs little
 * more than the work it did; sending the whole record every time made coverage runs 3 to 4 times slower.
 */
export const interceptors: WorkflowInterceptorsFactory = () => ({
  internals: [
    {
      concludeActivation(input, next) {
        const files = (globalThis as { __coverage__?: Record<string, FileCoverageData> }).__coverage__;
        if (files) {
          const counts = countsSinceLast(files);
          if (Object.keys(counts).length > 0) coverage.add(counts);
        }
        return next(input);
      },
    },
  ],
});

function countsSinceLast(files: Record<string, FileCoverageData>): CoverageCounts {
  const counts: CoverageCounts = {};
  for (const [path, file] of Object.entries(files)) {
    const moved: { s?: Record<string, number>; f?: Record<string, number>; b?: Record<string, number[]> } = {};
    for (const [id, n] of Object.entries(file.s)) if (n) (moved.s ??= {})[id] = n;
    for (const [id, n] of Object.entries(file.f)) if (n) (moved.f ??= {})[id] = n;
    for (const [id, ns] of Object.entries(file.b)) if (ns.some((n) => n)) (moved.b ??= {})[id] = [...ns];
    // Every file once, run or not: a workflow file no test runs is reported at 0 %, not left out.
    if (!moved.s && !moved.f && !moved.b && described.has(path)) continue;
    const hash = (file as FileCoverageData & { hash: string }).hash;
    if (described.has(path)) counts[path] = { hash, ...moved };
    else {
      described.add(path);
      counts[path] = { hash, whole: JSON.parse(JSON.stringify(file)) as FileCoverageData };
    }
    for (const id of Object.keys(moved.s ?? {})) file.s[id] = 0;
    for (const id of Object.keys(moved.f ?? {})) file.f[id] = 0;
    for (const id of Object.keys(moved.b ?? {})) file.b[id].fill(0);
  }
  return counts;
}
