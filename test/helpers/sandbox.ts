import { createBruinActivities } from '../../activities/bruin/activities';
import { createBruinHttp } from '../../activities/bruin/client';
import { createVelocloudActivities } from '../../activities/velocloud/activities';
import { createVelocloudClient } from '../../activities/velocloud/client';
import { testConfig } from './env';
import { startSandbox, type RunningSandbox } from '../../sandbox';

/** A sandbox on free ports, plus a tiny client for its control API. */
export async function startTestSandbox(scenario = 'demo') {
  const running: RunningSandbox = await startSandbox({ host: '127.0.0.1', httpPort: 0, smtpPort: 0, scenario });
  const base = `http://127.0.0.1:${running.httpPort}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
  };
  return {
    ...running,
    base,
    call,
    env: { SANDBOX_HTTP_PORT: String(running.httpPort), SANDBOX_SMTP_PORT: String(running.smtpPort) },
  };
}
export type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;

/** Bruin and VeloCloud activities built over their real HTTP clients, pointed at this sandbox. */
export function sandboxVendorActivities(sb: TestSandbox) {
  const config = testConfig(sb.env);
  return {
    bruin: createBruinActivities(createBruinHttp(config.vendors.bruin)),
    velocloud: createVelocloudActivities(createVelocloudClient({ ...config.vendors.velocloud, token: 'token' })),
  };
}

/**
 * One sandbox for the test file (started before all, closed after all), reset to `scenario` before
 * each test, then `onReset` (e.g. a simulator's page size). The returned handle is the running
 * sandbox once the file's tests start.
 */
export function useTestSandbox(scenario = 'demo', onReset?: (sb: TestSandbox) => void): TestSandbox {
  const holder: { sb?: TestSandbox } = {};
  beforeAll(async () => {
    holder.sb = await startTestSandbox(scenario);
  });
  afterAll(async () => {
    await holder.sb?.close();
  });
  beforeEach(async () => {
    await holder.sb!.call('POST', '/_sandbox/reset', { scenario });
    onReset?.(holder.sb!);
  });
  return new Proxy({} as TestSandbox, {
    get: (_, key) => {
      if (!holder.sb) throw new Error('the test sandbox is used before it started (use it inside tests or hooks)');
      return holder.sb[key as keyof TestSandbox];
    },
  });
}
