import { hostname } from 'node:os';
import type { NativeConnection } from '@temporalio/worker';
import type { Logger as PinoLogger } from 'pino';
import type { AppConfig } from '../config';
import {
  describeDeployment,
  makeCurrent,
  waitForVersion,
  type DeploymentTarget,
  type DeploymentVersion,
} from '../temporal-config/deployment';

/** What activation found: this build takes new work (current, promoted), waits for a deploy, or is unversioned. */
export type Activation = 'current' | 'promoted' | 'waiting' | 'unversioned' | 'failed';

/**
 * Once this process's pools poll as their build, decides whether the build takes new work. With Worker Versioning
 * nothing runs until a deployment has a current version: the first build of a deployment becomes current on its
 * own; a later one waits for `npm run deploy -- ramp|promote` unless `promote` (the one-machine `npm start`, whose
 * previous build's workers are gone with its previous process).
 */
export async function activateBuild(
  config: AppConfig,
  connection: NativeConnection,
  queues: readonly string[],
  logger: PinoLogger,
  { promote }: { promote: boolean },
): Promise<Activation> {
  const version = config.temporal.deployment;
  if (!version) return 'unversioned';
  const target = { service: connection.workflowService, namespace: config.temporal.namespace };
  const deadline = Date.now() + ACTIVATION_TIMEOUT_MS;
  await waitForVersion(target, version, queues, {
    timeoutMs: ACTIVATION_TIMEOUT_MS,
    onWait: (missing, err) =>
      logger.warn(
        { ...version, missing, err },
        'the server has not yet registered this build on every task queue; still waiting',
      ),
  });
  let warned = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await takeNewWork(target, version, logger, promote);
    } catch (err) {
      // The server's deployment workflow takes a few updates at a time and aborts the rest: try again until the
      // deadline rather than leave every workflow of this build waiting for a version nobody made current.
      if (Date.now() > deadline) throw err;
      // Said once, then every 15 s: several processes starting together often need a few tries.
      if (Date.now() - warned >= 15_000) {
        warned = Date.now();
        logger.warn({ ...version, attempt, err }, 'could not make this build current yet; retrying every 2 s');
      }
      await new Promise((r) => setTimeout(r, 2_000));
    }
  }
}

/** How long a build may take to be registered and made current before activation gives up (and says so). */
const ACTIVATION_TIMEOUT_MS = 180_000;

async function takeNewWork(
  target: DeploymentTarget,
  version: DeploymentVersion,
  logger: PinoLogger,
  promote: boolean,
): Promise<Activation> {
  const state = await describeDeployment(target, version.deploymentName);
  if (state?.current === version.buildId) {
    logger.info({ ...version }, 'this build is the current version: it takes new work');
    return 'current';
  }
  if (state?.current && !promote) {
    logger.warn(
      { ...version, current: state.current },
      `build ${version.buildId} is polling but ${state.current} takes new work: npm run deploy -- ramp <percent> | promote`,
    );
    return 'waiting';
  }
  let previous: string | undefined;
  try {
    previous = await makeCurrent(target, version, `${hostname()} ${promote ? 'npm start' : 'first worker'}`);
  } catch (err) {
    // Pools of one build in several processes may race to be the first: one of them wins, which is the same.
    if ((await describeDeployment(target, version.deploymentName))?.current !== version.buildId) throw err;
  }
  logger.info({ ...version, previous }, 'this build is now the current version: it takes new work');
  return 'promoted';
}
