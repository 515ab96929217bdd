import type { NativeConnection } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { AppConfig } from '../../../config';
import { activateBuild } from '../../../workers/activate-build';

const QUEUES = ['bruin', 'orchestration'];
const version = { deploymentName: 'automation-engine', buildId: 'build-b' };
const config = { temporal: { namespace: 'default', deployment: version } } as unknown as AppConfig;

/**
 * The server's deployment API as the first processes of a new deployment meet it: the version registered on every
 * queue, and `refusals` attempts to make it current aborted (the deployment workflow takes a few updates at a time).
 */
function fakeServer(refusals: number, current?: string) {
  const calls = { setCurrent: 0 };
  const service = {
    describeWorkerDeploymentVersion: async () => ({
      workerDeploymentVersionInfo: { taskQueueInfos: QUEUES.map((name) => ({ name })) },
    }),
    describeWorkerDeployment: async () => {
      if (!current) throw Object.assign(new Error('deployment not found'), { code: 5 });
      return { workerDeploymentInfo: { routingConfig: { currentDeploymentVersion: { buildId: current } } } };
    },
    setWorkerDeploymentCurrentVersion: async () => {
      calls.setCurrent++;
      if (calls.setCurrent <= refusals) throw Object.assign(new Error('update aborted'), { code: 10 });
      const previous = current;
      current = version.buildId;
      return { previousDeploymentVersion: previous ? { buildId: previous } : undefined };
    },
  };
  return { connection: { workflowService: service } as unknown as NativeConnection, calls };
}

function recordingLogger() {
  const lines: Array<{ level: string; msg: string; fields: Record<string, unknown> }> = [];
  const at = (level: string) => (fields: Record<string, unknown>, msg: string) => lines.push({ level, msg, fields });
  return { logger: { info: at('info'), warn: at('warn') } as unknown as Logger, lines };
}

describe('activating a build (Worker Versioning)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('the first build of a deployment becomes current after refused attempts, warning once rather than every try', async () => {
    const { connection, calls } = fakeServer(4);
    const { logger, lines } = recordingLogger();
    const activation = activateBuild(config, connection, QUEUES, logger, { promote: false });
    await jest.advanceTimersByTimeAsync(10_000);
    await expect(activation).resolves.toBe('promoted');
    expect(calls.setCurrent).toBe(5);
    const warnings = lines.filter((l) => l.level === 'warn');
    expect(warnings.map((w) => [w.msg, w.fields.attempt])).toEqual([
      ['could not make this build current yet; retrying every 2 s', 1],
    ]);
    expect(lines.at(-1)?.msg).toBe('this build is now the current version: it takes new work');
  });

  it('warns again after 15 s of refusals, naming the attempt', async () => {
    const { connection } = fakeServer(9);
    const { logger, lines } = recordingLogger();
    const activation = activateBuild(config, connection, QUEUES, logger, { promote: false });
    await jest.advanceTimersByTimeAsync(20_000);
    await expect(activation).resolves.toBe('promoted');
    expect(lines.filter((l) => l.level === 'warn').map((w) => w.fields.attempt)).toEqual([1, 9]);
  });

  it('a later build waits for a deploy while another is current, unless it is to promote itself', async () => {
    const waiting = recordingLogger();
    await expect(
      activateBuild(config, fakeServer(0, 'build-a').connection, QUEUES, waiting.logger, { promote: false }),
    ).resolves.toBe('waiting');
    expect(waiting.lines.at(-1)?.msg).toMatch(/^build build-b is polling but build-a takes new work: npm run deploy/);
    const promoting = recordingLogger();
    await expect(
      activateBuild(config, fakeServer(0, 'build-a').connection, QUEUES, promoting.logger, { promote: true }),
    ).resolves.toBe('promoted');
    expect(promoting.lines.at(-1)?.fields.previous).toBe('build-a');
  });
});
