import { hostname } from 'node:os';
import type { NativeConnection } from '@temporalio/worker';
import type { Logger as PinoLogger } from 'pino';
import type { AppConfig } from '../config';
import { describeDeployment, makeCurrent, waitForVersion } from '../temporal-config/deployment';

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
  await waitForVersion(target, version, queues);
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
