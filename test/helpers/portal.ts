import type { FastifyInstance } from 'fastify';
import { hashPassword, type PortalAccount } from '../../portal/accounts';
import { createPortalServer } from '../../portal/server';
import { dispatchServiceFor } from '../../portal/serve';
import { maintenanceWindows } from '../../portal/maintenance';
import type { TestEngine } from './engine';
import { testLogger } from './env';

export const PORTAL_PASSWORDS = {
  dana: 'dana-dispatches-42',
  victor: 'victor-views-only-7',
  vera: 'vera-views-the-noc-3',
} as const;

export interface TestPortal {
  url: string;
  server: FastifyInstance;
  /** Signs in over the API: the session cookie and the CSRF token for changes. */
  signIn(user: keyof typeof PORTAL_PASSWORDS): Promise<{ cookie: string; csrf: string }>;
  /** A JSON request; `as` sends a session (and its CSRF token unless `csrf: false`). */
  api(
    method: string,
    path: string,
    options?: {
      as?: { cookie: string; csrf: string };
      body?: unknown;
      headers?: Record<string, string>;
      csrf?: boolean;
    },
  ): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }>;
}

/** The dispatch portal over a test engine, on a free port: dana is a dispatcher, victor and vera viewers. */
export function useTestPortal(engine: TestEngine): TestPortal {
  const portal = {} as TestPortal;
  beforeAll(async () => {
    const accounts: PortalAccount[] = [
      { user: 'dana', role: 'dispatcher', passwordHash: await hashPassword(PORTAL_PASSWORDS.dana) },
      { user: 'victor', role: 'viewer', passwordHash: await hashPassword(PORTAL_PASSWORDS.victor) },
      { user: 'vera', role: 'viewer', passwordHash: await hashPassword(PORTAL_PASSWORDS.vera) },
    ];
    const { config, client } = engine;
    portal.server = await createPortalServer({
      dispatches: dispatchServiceFor(config, client),
      maintenance: maintenanceWindows({ client, store: engine.store, maxDays: config.monitors.maintenance.maxDays }),
      accounts,
      sessionSecret: 'test-session-secret-of-at-least-32-chars',
      secureCookies: false,
      logger: testLogger('portal'),
      historyUrl: (id) => `http://ui.test/workflows/${encodeURIComponent(id)}`,
    });
    portal.url = await portal.server.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await portal.server?.close();
  });
  portal.api = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.as) {
      headers.cookie = options.as.cookie;
      if (options.csrf !== false) headers['x-csrf-token'] = options.as.csrf;
    }
    const res = await fetch(`${portal.url}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      redirect: 'manual',
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  };
  portal.signIn = async (user) => {
    const res = await portal.api('POST', '/api/session', {
      body: { username: user, password: PORTAL_PASSWORDS[user] },
    });
    if (res.status !== 200) throw new Error(`sign-in of ${user} answered ${res.status}: ${JSON.stringify(res.json)}`);
    const cookie = /portal_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
    return { cookie, csrf: res.json.csrfToken as string };
  };
  return portal;
}

/** Polls `read` until `done` holds (every 100 ms, up to `ms`); returns the last value read. */
export async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}
