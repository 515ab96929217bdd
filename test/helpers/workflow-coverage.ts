import { WorkflowCoverage } from '@temporalio/nyc-test-coverage';
import type { BundleOptions, InjectedSinks } from '@temporalio/worker';
import type { Sinks } from '@temporalio/workflow';
import { createCoverageMap, type CoverageMapData, type FileCoverageData } from 'istanbul-lib-coverage';
import { createSourceMapStore } from 'istanbul-lib-source-maps';
import { join, sep } from 'node:path';

/**
 * What ran in a workflow sandbox since its last activation, per instrumented file: the counters that moved, or the
 * file's whole record (maps and counts) the first time that sandbox reports the file. `hash` tells two
 * instrumentations of one file apart.
 */
export type CoverageCounts = Record<
  string,
  {
    hash: string;
    whole?: FileCoverageData;
    s?: Record<string, number>;
    f?: Record<string, number>;
    b?: Record<string, number[]>;
  }
>;

interface CoverageSinks extends Sinks {
  coverage: { add(counts: CoverageCounts): void };
}

const WORKFLOWS_DIR = join(__dirname, '../../workflows') + sep;
const INTERCEPTOR = require.resolve('./workflow-coverage-interceptor');

/** Whether jest collects coverage in this process (it defines the global its instrumented files count into). */
const collecting = () => '__coverage__' in globalThis;

/** Each file's record as first seen (its maps), and the counts summed onto a zeroed copy since the last merge. */
const shapes = new Map<string, FileCoverageData>();
const counted = new Map<string, FileCoverageData>();

function zeroed(file: FileCoverageData): FileCoverageData {
  const copy = JSON.parse(JSON.stringify(file)) as FileCoverageData;
  for (const id of Object.keys(copy.s)) copy.s[id] = 0;
  for (const id of Object.keys(copy.f)) copy.f[id] = 0;
  for (const id of Object.keys(copy.b)) copy.b[id] = copy.b[id].map(() => 0);
  return copy;
}

function add(counts: CoverageCounts): void {
  for (const [path, moved] of Object.entries(counts)) {
    const key = `${path}\0${moved.hash}`;
    if (moved.whole && !shapes.has(key)) shapes.set(key, moved.whole);
    const shape = shapes.get(key);
    if (!shape) throw new Error(`workflow coverage: counts for ${path} before its record`);
    let sum = counted.get(key);
    if (!sum) counted.set(key, (sum = zeroed(shape)));
    const { s, f, b } = moved.whole ?? moved;
    for (const [id, n] of Object.entries(s ?? {})) sum.s[id] += n;
    for (const [id, n] of Object.entries(f ?? {})) sum.f[id] += n;
    for (const [id, ns] of Object.entries(b ?? {})) ns.forEach((n, i) => (sum.b[id][i] += n));
  }
}

/**
 * Bundle options that instrument `workflows/` (only: `domain/` is counted where jest runs it) and report through
 * `workflowCoverageSinks`. Without coverage collection, the options unchanged.
 */
export function instrumentedBundleOptions(options: BundleOptions): BundleOptions {
  if (!collecting()) return options;
  const nyc = new WorkflowCoverage();
  return {
    ...options,
    workflowInterceptorModules: [...(options.workflowInterceptorModules ?? []), INTERCEPTOR],
    webpackConfigHook: (config) => {
      const instrumented = nyc.addInstrumenterRule(config);
      for (const rule of instrumented.module?.rules ?? [])
        if (rule && typeof rule === 'object' && JSON.stringify(rule.use ?? '').includes('nyc-test-coverage'))
          rule.include = WORKFLOWS_DIR;
      return options.webpackConfigHook ? options.webpackConfigHook(instrumented) : instrumented;
    },
  };
}

/** The sinks an instrumented bundle reports through (none without coverage collection). */
export function workflowCoverageSinks(): InjectedSinks<CoverageSinks> | Record<string, never> {
  if (!collecting()) return {};
  // Replayed code ran too: its counts are kept (the sandbox zeroes what it hands over either way).
  return { coverage: { add: { fn: (_info, counts) => add(counts), callDuringReplay: true } } };
}

/**
 * Adds what the instrumented bundles of this test file covered to jest's coverage (call in afterAll): the summed
 * counts are remapped to the TypeScript sources and merged into the files jest reports.
 */
export async function mergeWorkflowCoverage(): Promise<void> {
  const globalCoverage = (globalThis as { __coverage__?: CoverageMapData }).__coverage__;
  if (!globalCoverage || counted.size === 0) return;
  const bundled = createCoverageMap({});
  for (const file of counted.values()) bundled.merge({ [file.path]: file });
  counted.clear();
  const remapped = await createSourceMapStore().transformCoverage(bundled);
  // Jest's own instrumented files keep counting into their objects: add to the global map in place.
  for (const file of remapped.files()) {
    if (!file.startsWith(WORKFLOWS_DIR)) continue;
    const sum = remapped.fileCoverageFor(file);
    const earlier = globalCoverage[file];
    if (earlier) sum.merge(earlier);
    globalCoverage[file] = sum.toJSON() as FileCoverageData;
  }
}
