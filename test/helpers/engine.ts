import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { connectClient } from '../../temporal-config/client';
import type { AppConfig } from '../../config';
import { applySchedules } from '../../schedules/apply';
import { scheduleDefinitions } from '../../schedules/definitions';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { startPools, type PoolSet } from '../../workers/pools';
import type { NotificationMetrics } from '../../observability/metrics';
import { installRuntime } from '../../workers/runtime';
import { bundleEngineWorkflows } from '../../workers/workflow-bundle';
import { sharedBundle } from './bundle-cache';
import { startTestDevServer } from './dev-server';
import { freePort, tempDir, testConfig, testLogger } from './env';
import { startTestSandbox, type TestSandbox } from './sandbox';
import { quietLogger } from './quiet-logger';

export interface TestEngine {
  server: Awaited<ReturnType<typeof startTestDevServer>>;
  sb: TestSandbox;
  config: AppConfig;
  pools: PoolSet;
  store: SqliteAppStore;
  /** Where the SDK's Prometheus exporter listens (`sdkMetrics: true`), else 0. */
  sdkMetricsPort: number;
  /** The app store's SQLite file, for processes the test starts beside the engine. */
  storeFile: string;
  client: Client;
  /** Fires a schedule now and waits for the result of the workflow it started. */
  triggerSchedule<R>(scheduleId: string): Promise<{ workflowId: string; result: R }>;
}

/**
 * The whole engine for an end-to-end suite: a dev server, the sandbox, every worker pool in this
 * process and the schedules, all paused (tests fire them with triggerSchedule).
 */
export function useTestEngine(
  label: string,
  env: Record<string, string> = {},
  options: { sdkMetrics?: boolean; notificationMetrics?: NotificationMetrics } = {},
): TestEngine {
  const engine = {} as TestEngine;
  let connection: NativeConnection | undefined;
  beforeAll(async () => {
    engine.server = await startTestDevServer();
    engine.sb = await startTestSandbox('demo');
    engine.config = testConfig({ TEMPORAL_ADDRESS: engine.server.address, ...engine.sb.env, ...env });
    const logger = testLogger();
    // The SDK's Prometheus exporter on a free port when the suite scrapes it (one runtime per test file).
    engine.sdkMetricsPort = options.sdkMetrics ? await freePort() : 0;
    installRuntime(logger, engine.sdkMetricsPort);
    engine.storeFile = join(tempDir(label), 'app.sqlite');
    engine.store = new SqliteAppStore(engine.storeFile);
    connection = await NativeConnection.connect({ address: engine.server.address });
    engine.pools = await startPools(engine.config, {
      connection,
      ledger: engine.store,
      logger,
      metrics: options.notificationMetrics,
      workflowBundle: await engineWorkflowBundle(),
    });
    void engine.pools.run();
    // A build nobody made current runs nothing: fail here, with the reason in this file's log, not as hung cycles.
    const activation = await engine.pools.activated;
    if (activation === 'failed' || activation === 'waiting')
      throw new Error(
        `the test engine's workers do not take new work (activation: ${activation}); see this file's log`,
      );
    engine.client = await connectClient(engine.config);
    const schedules = scheduleDefinitions(engine.config);
    await applySchedules(engine.client, schedules);
    for (const s of schedules) await engine.client.schedule.getHandle(s.id).pause('e2e: triggered by hand');
  });
  afterAll(async () => {
    await engine.client?.connection.close();
    await engine.pools?.shutdown();
    await connection?.close();
    await engine.store?.close();
    await engine.sb?.close();
    await engine.server?.stop();
  });
  engine.triggerSchedule = async <R>(scheduleId: string) => {
    const handle = engine.client.schedule.getHandle(scheduleId);
    // The server keeps only the last few actions: look for a new latest one, not a longer list. Two
    // triggers in one second share a workflow ID (it carries the second), so compare runs.
    const latest = async () => (await handle.describe()).info.recentActions.at(-1)?.action.workflow;
    const before = (await latest())?.firstExecutionRunId;
    await handle.trigger();
    for (let i = 0; i < 200; i++) {
      const started = await latest();
      if (started && started.firstExecutionRunId !== before) {
        const result = (await engine.client.workflow
          .getHandle(started.workflowId, started.firstExecutionRunId)
          .result()) as R;
        return { workflowId: started.workflowId, result };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`schedule ${scheduleId} was triggered but started nothing`);
  };
  return engine;
}

/** The engine's bundle exactly as the workers build it, built once for the test files that run the engine in-process. */
export const engineWorkflowBundle = () => sharedBundle('engine', (hook) => bundleEngineWorkflows(quietLogger, hook));
