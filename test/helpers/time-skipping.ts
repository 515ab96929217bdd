import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { resolveTestServer } from '../../scripts/toolchain.cjs';
import { registerSearchAttributes } from '../../temporal-config/search-attributes';

/** The time-skipping test server provisioned by `npm install` (Java, from Maven Central), with our search attributes. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
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
 * One time-skipping server and one workflow bundle per test file (set up in beforeAll, torn down in
 * afterAll). Read `.env` and `.bundle` inside tests.
 */
export function useWorkflowTestEnv(): { env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap } {
  const ctx = {} as { env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap };
  beforeAll(async () => {
    ctx.env = await createTimeSkippingEnv();
    ctx.bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quiet });
  });
  afterAll(async () => {
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
    Worker.create({
      connection,
      taskQueue: 'orchestration',
      workflowBundle: ctx.bundle,
      activities: queues.orchestration,
    }),
    ...Object.entries(queues)
      .filter(([q]) => q !== 'orchestration')
      .map(([taskQueue, activities]) => Worker.create({ connection, taskQueue, activities })),
  ]);
  return workers.reduce<Promise<T>>((inner, w) => w.runUntil(inner), scenario());
}
