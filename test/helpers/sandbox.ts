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

/** Every item the sandbox's Lumin.AI holds for the demo customer in a window, paged straight from its API. */
export async function luminItems(sb: TestSandbox, start: string, end: string): Promise<Array<Record<string, string>>> {
  const items: Array<Record<string, string>> = [];
  let token: string | undefined;
  do {
    const res = await fetch(`${sb.base}/lumin/api/v1/customers/acme-logistics/billing`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer test' },
      body: JSON.stringify({ type: '', start, end, ...(token ? { start_token: token } : {}) }),
    });
    const page = (await res.json()) as { items: Array<Record<string, string>>; next_token?: string };
    items.push(...page.items);
    token = page.next_token;
  } while (token);
  return items;
}

export const luminIds = async (sb: TestSandbox, start: string, end: string) =>
  (await luminItems(sb, start, end)).map((i) => i.id);

/**
 * One more VeloCloud enterprise on the sandbox with an edge (one GE1 link) per serial, numbered from `firstEdgeId`,
 * and a Bruin client owning them all: a fleet for a test of its own.
 */
export async function addEnterprise(
  sb: TestSandbox,
  e: {
    enterpriseId: number;
    name: string;
    edgePrefix: string;
    firstEdgeId: number;
    serials: readonly string[];
    state: 'CONNECTED' | 'OFFLINE';
    clientId: string;
  },
): Promise<void> {
  const host = 'mettel.velocloud.net';
  await sb.call('POST', '/_sandbox/velocloud/enterprises', {
    id: `${host}/${e.enterpriseId}`,
    host,
    enterpriseId: e.enterpriseId,
    name: e.name,
  });
  for (const [i, serialNumber] of e.serials.entries())
    await sb.call('POST', '/_sandbox/velocloud/edges', {
      id: `${host}/${e.enterpriseId}/${e.firstEdgeId + i}`,
      host,
      enterpriseId: e.enterpriseId,
      edgeId: e.firstEdgeId + i,
      name: `${e.edgePrefix}-${i}`,
      modelNumber: 'edge510',
      activationTime: '2025-01-06T00:00:00.000Z',
      lastContact: new Date().toISOString(),
      serialNumber,
      edgeState: e.state,
      links: [
        {
          id: e.firstEdgeId * 10 + i,
          interface: 'GE1',
          displayName: 'GE1 ISP',
          state: e.state === 'CONNECTED' ? 'STABLE' : 'DISCONNECTED',
        },
      ],
    });
  await sb.call('POST', '/_sandbox/bruin/clients', {
    id: e.clientId,
    name: e.name,
    serviceNumbers: e.serials,
    siteAddress: { street: '1 Main St', city: 'Boston', state: 'MA', zip: '02110', country: 'US' },
  });
}
