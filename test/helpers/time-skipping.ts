import { WorkflowCoverage } from '@temporalio/nyc-test-coverage';
import { createCoverageMap, type CoverageMapData, type FileCoverageData } from 'istanbul-lib-coverage';
import { createSourceMapStore } from 'istanbul-lib-source-maps';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  makeTelemetryFilterString,
  Runtime,
  Worker,
  type LogLevel,
  type WorkerOptions,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { appendFileSync } from 'node:fs';
import { resolveTestServer } from '../../scripts/toolchain.cjs';
import { testLogSink } from './env';
import { registerSearchAttributes } from '../../temporal-config/search-attributes';

/** The time-skipping test server provisioned by `npm install` (Java, from Maven Central), with our search attributes. */
/**
 * SDK and Core logs into the test file's log (printed by the failed-test-logs reporter only if it fails),
 * or live at TEST_LOG_LEVEL when that is set. Once per test file (each has its own SDK module instance).
 */
function quietRuntime(): void {
  const sink = testLogSink();
  const level = sink.level.toUpperCase() as LogLevel;
  const file = sink.file;
  try {
    Runtime.install({
      logger: file
        ? new DefaultLogger(level, (entry) =>
            appendFileSync(file, `${JSON.stringify({ ...entry, timestampNanos: String(entry.timestampNanos) })}\n`),
          )
        : new DefaultLogger(level),
      telemetryOptions: {
        logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }) },
      },
    });
  } catch {
    // already installed for this file (by another helper): keep it
  }
}

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const path = resolveTestServer();
  if (!path) throw new Error('time-skipping test server not provisioned: run `npm run provision`');
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path } },
  });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/**
 * Workflow code runs inside the worker's sandboxed bundle, where jest's instrumentation cannot see
 * it: under `--coverage` the bundle is instrumented (istanbul) and each worker reports through
 * sinks; `mergeWorkflowCoverage()` hands the counts to jest, so workflow folders are measured, not
 * excluded. Without `--coverage` these are no-ops.
 */
const coverage = new WorkflowCoverage();

/** The engine's workflows as one bundle (instrumented for coverage when jest collects it). */
export function bundleWorkflows(
  workflowsPath = require.resolve('../../workflows'),
): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode(coverage.augmentBundleOptions({ workflowsPath, logger: quiet }));
}

/** A worker on the orchestration queue running `bundle` (reporting workflow coverage when collected). */
export function orchestrationWorker(
  options: Omit<WorkerOptions, 'taskQueue' | 'workflowBundle'> & { bundle: WorkflowBundleWithSourceMap },
): Promise<Worker> {
  const { bundle, ...rest } = options;
  return Worker.create(
    coverage.augmentWorkerOptionsWithBundle({ taskQueue: 'orchestration', ...rest, workflowBundle: bundle }),
  );
}

/**
 * Adds what the workflow bundles of this test file covered to jest's coverage (call in afterAll).
 * The bundle's counts are remapped to the TypeScript sources here; only workflow folders are taken
 * (jest does not instrument them itself: two instrumentations of one file do not merge).
 */
export async function mergeWorkflowCoverage(): Promise<void> {
  const globalCoverage = (globalThis as { __coverage__?: CoverageMapData }).__coverage__;
  if (!globalCoverage || coverage.coverageMapsData.length === 0) return;
  const bundled = createCoverageMap({});
  for (const data of coverage.coverageMapsData) bundled.merge(data);
  coverage.coverageMapsData = [];
  const remapped = await createSourceMapStore().transformCoverage(bundled);
  // Jest's own instrumented files keep counting into their objects: add to the global map in place.
  for (const file of remapped.files()) {
    if (!WORKFLOW_SOURCES.test(file)) continue;
    const counted = remapped.fileCoverageFor(file);
    const earlier = globalCoverage[file];
    if (earlier) counted.merge(earlier);
    globalCoverage[file] = counted.toJSON() as FileCoverageData;
  }
}

const WORKFLOW_SOURCES = /[/\\]workflows[/\\].+\.ts$/;

/**
 * One time-skipping server and one workflow bundle per test file (set up in beforeAll, torn down in
 * afterAll). Read `.env` and `.bundle` inside tests.
 */
export function useWorkflowTestEnv(): { env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap } {
  const ctx = {} as { env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap };
  beforeAll(async () => {
    ctx.env = await createTimeSkippingEnv();
    ctx.bundle = await bundleWorkflows();
  });
  afterAll(async () => {
    await mergeWorkflowCoverage();
    await ctx.env?.teardown();
  });
  return ctx;
}

/**
 * Runs `scenario` while workers serve it: the orchestration queue (the workflow bundle, plus
 * `queues.orchestration` activities) and one worker per other queue with its activities.
 */
export async function withWorkers<T>(
  ctx: { env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap },
  queues: Record<string, object>,
  scenario: () => Promise<T>,
): Promise<T> {
  const connection = ctx.env.nativeConnection;
  const workers = await Promise.all([
    orchestrationWorker({ connection, bundle: ctx.bundle, activities: queues.orchestration }),
    ...Object.entries(queues)
      .filter(([q]) => q !== 'orchestration')
      .map(([taskQueue, activities]) => Worker.create({ connection, taskQueue, activities })),
  ]);
  return workers.reduce<Promise<T>>((inner, w) => w.runUntil(inner), scenario());
}
