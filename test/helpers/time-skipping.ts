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
import { sharedBundle } from './bundle-cache';
import { instrumentedBundleOptions, mergeWorkflowCoverage, workflowCoverageSinks } from './workflow-coverage';
import { quietLogger } from './quiet-logger';

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

/**
 * The engine's workflows, bundled once for the whole run (`bundle-cache.ts`; instrumented when jest collects coverage:
 * workflow code runs inside the worker's sandbox, where jest's own instrumentation cannot see it); another
 * `workflowsPath` is bundled each call.
 */
export function bundleWorkflows(workflowsPath?: string): Promise<WorkflowBundleWithSourceMap> {
  if (workflowsPath) return bundleWorkflowCode(instrumentedBundleOptions({ workflowsPath, logger: quietLogger }));
  const name = `workflows${'__coverage__' in globalThis ? '-instrumented' : ''}`;
  const options = { workflowsPath: require.resolve('../../workflows'), logger: quietLogger };
  return (engineBundle ??= sharedBundle(name, (hook) =>
    bundleWorkflowCode(instrumentedBundleOptions({ ...options, webpackConfigHook: hook })),
  ));
}
let engineBundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** A worker on the orchestration queue running `bundle` (reporting workflow coverage when collected). */
export function orchestrationWorker(
  options: Omit<WorkerOptions, 'taskQueue' | 'workflowBundle'> & { bundle: WorkflowBundleWithSourceMap },
): Promise<Worker> {
  const { bundle, ...rest } = options;
  return Worker.create({
    taskQueue: 'orchestration',
    ...rest,
    workflowBundle: bundle,
    sinks: { ...rest.sinks, ...workflowCoverageSinks() },
  });
}

export { mergeWorkflowCoverage };

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
