import { temporal } from '@temporalio/proto';
import { isNotFound } from './grpc-status';

type WorkflowService = temporal.api.workflowservice.v1.WorkflowService;

/** One version of the engine's worker deployment: what a worker polls as (WORKER_DEPLOYMENT_NAME, BUILD_ID). */
export interface DeploymentVersion {
  deploymentName: string;
  buildId: string;
}

/** The visibility query for a version's running runs; `pinned` keeps only those pinned to it. */
export const runningOnVersion = ({ deploymentName, buildId }: DeploymentVersion, pinned = false): string =>
  `TemporalWorkerDeploymentVersion = '${deploymentName}:${buildId}' AND ExecutionStatus = 'Running'` +
  (pinned ? ` AND TemporalWorkflowVersioningBehavior = 'Pinned'` : '');

export interface DeploymentTarget {
  service: WorkflowService;
  namespace: string;
}

/** Where a deployment's traffic goes, and its versions (newest first). */
export interface DeploymentState {
  current?: string;
  ramping?: { buildId: string; percentage: number };
  versions: Array<{
    buildId: string;
    status: string;
    drainage: string;
    created?: Date;
    /** When it last stopped taking new work (no longer current or ramping). */
    lastDeactivated?: Date;
  }>;
  lastModifier?: string;
}

const { WorkerDeploymentVersionStatus, VersionDrainageStatus } = temporal.api.enums.v1;

/** `WORKER_DEPLOYMENT_VERSION_STATUS_DRAINING` (or its number) as `draining`. */
const enumName = (names: Record<number, string>, value: unknown, prefix: string) =>
  String((typeof value === 'number' ? names[value] : value) ?? '')
    .replace(prefix, '')
    .toLowerCase() || 'unspecified';

const toDate = (t: { seconds?: unknown } | null | undefined) =>
  t?.seconds !== undefined && t.seconds !== null ? new Date(Number(t.seconds) * 1000) : undefined;

/** The deployment's routing and versions; undefined before any worker of it has polled. */
export async function describeDeployment(
  { service, namespace }: DeploymentTarget,
  deploymentName: string,
): Promise<DeploymentState | undefined> {
  try {
    const { workerDeploymentInfo: info } = await service.describeWorkerDeployment({ namespace, deploymentName });
    const routing = info?.routingConfig;
    const current = routing?.currentDeploymentVersion?.buildId || undefined;
    const ramping = routing?.rampingDeploymentVersion?.buildId;
    return {
      current,
      ramping: ramping ? { buildId: ramping, percentage: routing?.rampingVersionPercentage ?? 0 } : undefined,
      versions: (info?.versionSummaries ?? [])
        .map((v) => ({
          buildId: v.deploymentVersion?.buildId ?? v.version ?? '',
          status: enumName(WorkerDeploymentVersionStatus, v.status, 'WORKER_DEPLOYMENT_VERSION_STATUS_'),
          drainage: enumName(VersionDrainageStatus, v.drainageStatus, 'VERSION_DRAINAGE_STATUS_'),
          created: toDate(v.createTime),
          lastDeactivated: toDate(v.lastDeactivationTime),
        }))
        .sort((a, b) => (b.created?.getTime() ?? 0) - (a.created?.getTime() ?? 0)),
      lastModifier: info?.lastModifierIdentity || undefined,
    };
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** The task queues a version's workers poll (`name`), or undefined when the server has not registered it yet. */
export async function versionTaskQueues(
  { service, namespace }: DeploymentTarget,
  version: DeploymentVersion,
): Promise<string[] | undefined> {
  try {
    const { workerDeploymentVersionInfo: info } = await service.describeWorkerDeploymentVersion({
      namespace,
      deploymentVersion: version,
    });
    return [...new Set((info?.taskQueueInfos ?? []).map((q) => q.name ?? ''))].sort();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** A build the server has not registered on every queue it should poll, in the time given. */
export class VersionNotRegistered extends Error {
  constructor(
    readonly version: DeploymentVersion,
    readonly missing: string[],
    readonly waitedMs: number,
    readonly failure: unknown,
  ) {
    super(
      `build ${version.buildId} of ${version.deploymentName} is not registered on ${missing.join(', ')} after ${waitedMs / 1000} s` +
        (failure ? ` (last answer: ${String(failure)})` : ''),
    );
  }
}

/**
 * Waits until the server has registered `version` on every one of `queues` (its workers are polling them). The
 * server registers each queue through its deployment workflow, a few updates at a time: under load that takes
 * tens of seconds and a describe may time out meanwhile, so a failed read is retried like a missing queue.
 * `onWait` hears the queues still missing about every 15 s.
 */
export async function waitForVersion(
  target: DeploymentTarget,
  version: DeploymentVersion,
  queues: readonly string[],
  { timeoutMs = 180_000, onWait }: { timeoutMs?: number; onWait?: (missing: string[], err?: unknown) => void } = {},
): Promise<void> {
  const started = Date.now();
  let told = started;
  for (;;) {
    let missing: string[] = [...queues];
    let failure: unknown;
    try {
      const polled = (await versionTaskQueues(target, version)) ?? [];
      missing = queues.filter((q) => !polled.includes(q));
      if (missing.length === 0) return;
    } catch (err) {
      failure = err;
    }
    if (Date.now() - started >= timeoutMs) throw new VersionNotRegistered(version, missing, timeoutMs, failure);
    if (onWait && Date.now() - told >= 15_000) {
      told = Date.now();
      onWait(missing, failure);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Sends new work to `version`; answers the build that was current before. */
export async function makeCurrent(
  { service, namespace }: DeploymentTarget,
  version: DeploymentVersion,
  identity: string,
): Promise<string | undefined> {
  const answer = await service.setWorkerDeploymentCurrentVersion({
    namespace,
    deploymentName: version.deploymentName,
    buildId: version.buildId,
    identity,
  });
  return answer.previousDeploymentVersion?.buildId || undefined;
}
