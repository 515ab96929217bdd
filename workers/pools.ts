import { NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleEngineWorkflows } from './workflow-bundle';
import type { Logger as PinoLogger } from 'pino';
import type { AppConfig } from '../config';
import { createDataConverter } from '../codec/data-converter';
import { checkPayloadKeys } from '../codec/key-check';
import { resolvePayloadKeys } from '../codec/keys';
import { ORCHESTRATION_QUEUE, type TaskQueueName, type VendorQueue } from '../domain/task-queues';
import type { NotificationMetrics } from '../observability/metrics';
import type { AppStore } from '../store';
import { createAppStoreActivities } from '../activities/app-store/activities';
import { createOwedMarkActivities } from '../activities/app-store/owed-marks';
import { createDispatchTimelineActivities } from '../activities/dispatch/activities';
import { createDevopsActivities } from '../activities/devops/activities';
import { createFleetActivities } from '../activities/app-store/fleet';
import { createFlapActivities } from '../activities/app-store/flaps';
import { createMaintenanceActivities } from '../activities/app-store/maintenance';
import { createReportFileActivities } from '../activities/app-store/report-files';
import { activateBuild, type Activation } from './activate-build';
import { buildActivities } from './activities';

export interface PoolSet {
  workers: Worker[];
  /** Resolves when every worker has drained and stopped. */
  run(): Promise<void>;
  /** Stops polling, lets in-flight tasks finish, then resolves. */
  shutdown(): Promise<void>;
  /**
   * Settles once run() has polled and decided whether this build takes new work (workers/activate-build.ts).
   * Nothing is lost meanwhile: a workflow started before a current version exists waits for one.
   */
  activated: Promise<Activation>;
}

export interface PoolDeps {
  connection: NativeConnection;
  ledger: AppStore;
  logger: PinoLogger;
  metrics?: NotificationMetrics;
  /** A prebuilt bundle (production, tests); otherwise workflows/ is bundled at start. */
  workflowBundle?: WorkflowBundleWithSourceMap;
  /** Make this build current once it polls even when another is (`npm start`); otherwise only the first build is. */
  promote?: boolean;
}

/** Starts one worker per selected queue (WORKER_QUEUES), each with its pool's rate limit and concurrency. */
export async function startPools(
  config: AppConfig,
  deps: PoolDeps,
  queues: TaskQueueName[] = config.queues.selected,
): Promise<PoolSet> {
  // A valid but wrong key would otherwise start fine and fail every task: refuse it here, naming the key ID.
  const { checked } = await checkPayloadKeys(
    deps.connection.workflowService,
    config.temporal.namespace,
    resolvePayloadKeys(config.codec),
  );
  if (checked.length > 0) deps.logger.info({ keyIds: checked }, "payload keys decrypt the engine's schedules");
  const dataConverter = createDataConverter(config.codec);
  const deployment = config.temporal.deployment;
  const base = {
    connection: deps.connection,
    namespace: config.temporal.namespace,
    dataConverter,
    // Every pool polls as this build; each workflow type declares its own behaviour (workflows/versioning.ts), so
    // the default below never decides (a test checks that every type declares one).
    ...(deployment
      ? {
          workerDeploymentOptions: {
            version: deployment,
            useWorkerVersioning: true as const,
            defaultVersioningBehavior: 'AUTO_UPGRADE' as const,
          },
        }
      : {}),
  };
  const workers: Worker[] = [];
  for (const queue of queues) {
    const pool = config.queues.pools[queue];
    if (queue === ORCHESTRATION_QUEUE) {
      const workflowBundle =
        deps.workflowBundle ??
        (await bundleEngineWorkflows({
          trace() {},
          debug() {},
          info() {},
          warn: (m: string) => deps.logger.warn(m),
          error: (m: string) => deps.logger.error(m),
          log() {},
        }));
      // The orchestration pool also runs the app-store activities (local I/O, no vendor behind them: the
      // caches, the DevOps metrics), and through the worker's own client the dispatch timelines' signal-with-start
      // and the owed marks' holders' describes.
      workers.push(
        await Worker.create({
          ...base,
          taskQueue: queue,
          workflowBundle,
          activities: {
            ...createAppStoreActivities(deps.ledger),
            ...createOwedMarkActivities(deps.ledger),
            ...createDispatchTimelineActivities(),
            ...createDevopsActivities(deps.ledger.devops),
            ...createFleetActivities(deps.ledger.fleet),
            ...createFlapActivities(deps.ledger.flaps),
            ...createMaintenanceActivities(deps.ledger.maintenance),
            ...createReportFileActivities(deps.ledger.reports),
          },
          // The SDK wants at least as many cached workflows as workflow tasks in flight.
          maxConcurrentWorkflowTaskExecutions: Math.min(pool.concurrency, 200, config.queues.workflowCacheSize),
          maxCachedWorkflows: config.queues.workflowCacheSize,
        }),
      );
    } else {
      workers.push(
        await Worker.create({
          ...base,
          taskQueue: queue,
          activities: buildActivities(queue as VendorQueue, config, deps),
          maxConcurrentActivityTaskExecutions: pool.concurrency,
          maxTaskQueueActivitiesPerSecond: pool.ratePerSecond,
          // A Lumin export heartbeats its paging position after every page: sent at least every 2 s, a
          // crashed export re-reads at most a couple of seconds of pages instead of most of a minute.
          ...(queue === 'lumin' ? { maxHeartbeatThrottleInterval: '2s' } : {}),
        }),
      );
    }
    deps.logger.info({ queue, ratePerSecond: pool.ratePerSecond, concurrency: pool.concurrency }, 'worker pool ready');
  }
  let running: Promise<void> | undefined;
  let activate!: (a: Promise<Activation>) => void;
  const activated = new Promise<Activation>((resolve) => (activate = resolve));
  const run = () => {
    if (running) return running;
    running = Promise.all(workers.map((w) => w.run())).then(() => undefined);
    activate(
      activateBuild(config, deps.connection, queues, deps.logger, { promote: deps.promote ?? false }).catch(
        (err: unknown) => {
          deps.logger.error(
            { err },
            'could not decide whether this build takes new work; see npm run deploy -- status',
          );
          return 'failed' as const;
        },
      ),
    );
    return running;
  };
  return {
    workers,
    run,
    activated,
    async shutdown() {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await running;
    },
  };
}
