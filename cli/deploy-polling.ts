import { ALL_QUEUES } from '../domain/task-queues';
import { versionTaskQueues, type DeploymentTarget } from '../temporal-config/deployment';

/** Refuses a build some task queue has no worker of: work sent to it would wait for nobody. */
export async function requirePolling(
  target: DeploymentTarget,
  deploymentName: string,
  buildId: string,
  doing: string,
): Promise<void> {
  const polled = (await versionTaskQueues(target, { deploymentName, buildId })) ?? [];
  const missing = ALL_QUEUES.filter((q) => !polled.includes(q));
  if (missing.length > 0)
    throw new Error(
      `refused to ${doing} build ${buildId}: no worker of it polls ${missing.join(', ')}. Start its workers ` +
        `(BUILD_ID=${buildId} npm run worker, every WORKER_QUEUES) first.`,
    );
}
