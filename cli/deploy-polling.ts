import { ALL_QUEUES } from '../domain/task-queues';
import { VersionNotRegistered, waitForVersion, type DeploymentTarget } from '../temporal-config/deployment';

/**
 * How long a build's queues may be missing from the server's answer before a deploy refuses it. The server lists
 * them through a query on its version workflow, and once, on the cluster engine, that answer had none of them right
 * after it had listed every one: a refusal rests on a few seconds of answers, not on one.
 */
export const POLLING_GRACE_MS = 15_000;

/** Refuses a build some task queue has no worker of: work sent to it would wait for nobody. */
export async function requirePolling(
  target: DeploymentTarget,
  deploymentName: string,
  buildId: string,
  doing: string,
  graceMs = POLLING_GRACE_MS,
): Promise<void> {
  try {
    await waitForVersion(target, { deploymentName, buildId }, ALL_QUEUES, { timeoutMs: graceMs });
  } catch (err) {
    if (!(err instanceof VersionNotRegistered)) throw err;
    throw new Error(
      `refused to ${doing} build ${buildId}: no worker of it polls ${err.missing.join(', ')} (read for ` +
        `${graceMs / 1000} s${err.failure ? `; last answer: ${String(err.failure)}` : ''}). Start its workers ` +
        `(BUILD_ID=${buildId} npm run worker, every WORKER_QUEUES) first.`,
    );
  }
}
