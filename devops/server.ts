import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import { HttpError } from '../http/http-error';
import { BodyTooLargeError, closeIfUnread, readBodyText } from '../http/read-body';
import { bearerMatches, sameSecret } from '../http/secret';
import type { DevopsEventStore } from '../store/devops-events';
import { computeDoraKeys } from './compute';
import { eventIdHeader, parseEventBody } from './event-body';
import { DEVOPS_OPENAPI, WINDOW_DAYS } from './openapi';

export interface DevopsServerOptions {
  store: DevopsEventStore;
  /**
   * DEVOPS_EVENTS_SECRET_TOKEN: every call but /health and /openapi.json carries `X-Secret-Token: <token>` (the
   * seed's CI client) or `Authorization: Bearer <token>`.
   */
  token: string;
  /** The window `GET /dora/<repo>` uses without `?days=` (DEPLOYMENT_FREQ_TIMEFRAME_DAY). */
  windowDays: number;
  logger: Logger;
  /** Counts each post by event and outcome (stored, duplicate, rejected). */
  observe?: (event: string, outcome: 'stored' | 'duplicate' | 'rejected') => void;
  maxBodyBytes?: number;
  now?: () => number;
}

/** The seed's client sends the token as `X-Secret-Token`; a Bearer header is as good. */
function tokenMatches(req: IncomingMessage, token: string): boolean {
  const secret = req.headers['x-secret-token'];
  if (typeof secret === 'string') return sameSecret(secret, token);
  return bearerMatches(req.headers.authorization, token);
}

/** `?days=`: a whole number of days, 1-365, in plain digits. */
const days = z
  .string()
  .regex(/^[1-9][0-9]{0,2}$/, 'must be a whole number of days')
  .transform(Number)
  .pipe(z.number().max(WINDOW_DAYS.maximum, 'must be at most 365'));

/**
 * The DevOps metrics service (seed 003): CI posts events to `POST /process-event`; `GET /dora/<repo>`
 * answers the four DORA keys from what is stored. The token is never logged, and a stored event is on
 * disk before the 200 (the only answer the seed's CI client counts as success).
 */
export function createDevopsServer(options: DevopsServerOptions): Server {
  const limit = options.maxBodyBytes ?? 64 * 1024;
  const now = options.now ?? Date.now;
  const log = options.logger.child({ service: 'devops-metrics' });
  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      const known = err instanceof HttpError;
      if (!known) log.error({ err }, 'devops request failed');
      if (!res.headersSent)
        res.writeHead(known ? err.status : 500, {
          'content-type': 'application/json',
          ...(known ? err.headers : {}),
          ...closeIfUnread(req),
        });
      res.end(JSON.stringify({ error: known ? err.message : 'internal error; see the engine log' }));
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routeOf(url.pathname);
    if (!route) throw new HttpError(404, 'expected POST /process-event or GET /dora/<repo>?days=<n>');
    const method = route === 'event' ? 'POST' : 'GET';
    if (req.method !== method) throw new HttpError(405, `expected ${method} ${url.pathname}`, { allow: method });
    if (route === 'health') return reply(res, 200, { ok: true });
    if (route === 'openapi') return reply(res, 200, DEVOPS_OPENAPI);
    if (!tokenMatches(req, options.token))
      throw new HttpError(
        401,
        'missing or wrong token (X-Secret-Token: <DEVOPS_EVENTS_SECRET_TOKEN>, or Authorization: Bearer <it>)',
        { 'www-authenticate': 'Bearer' },
      );
    if (route === 'event') return processEvent(req, res);
    return dora(decodeURIComponentOr400(url.pathname.slice('/dora/'.length)), url.searchParams.get('days'), res);
  }

  async function processEvent(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const header = req.headers['event-id'];
    const eventId = header === undefined ? undefined : eventIdHeader.safeParse(header);
    if (eventId && !eventId.success) throw new HttpError(400, `Event-Id: ${eventId.error.issues[0].message}`);
    let text: string;
    try {
      text = await readBodyText(req, limit);
    } catch (err) {
      if (err instanceof BodyTooLargeError) throw new HttpError(413, err.message);
      throw err;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      options.observe?.('unknown', 'rejected');
      throw new HttpError(400, 'body is not JSON; expected {"Repo", "Event", "Time"?, "Metadata"?}');
    }
    const parsed = parseEventBody(json, now(), eventId?.data);
    if ('problems' in parsed) {
      options.observe?.('unknown', 'rejected');
      throw new HttpError(parsed.status, parsed.problems.join('; '));
    }
    const { event, warnings } = parsed;
    const outcome = await options.store.recordDevopsEvent(event);
    options.observe?.(event.event, outcome);
    log.info({ repo: event.repo, event: event.event, time: event.time, outcome }, 'devops event');
    reply(res, 200, { status: outcome, ...(warnings.length ? { warnings } : {}) });
  }

  async function dora(repo: string, daysParam: string | null, res: ServerResponse): Promise<void> {
    const window =
      daysParam === null ? { success: true as const, data: options.windowDays } : days.safeParse(daysParam);
    if (!window.success) throw new HttpError(400, `days: ${window.error.issues[0].message} (1-365)`);
    const started = Date.now();
    const { keys, eventsRead } = await computeDoraKeys(options.store, repo, window.data, now());
    const stored = (await options.store.latestDoraResults()).find(
      (r) => r.keys.repo === repo && r.keys.windowDays === window.data,
    );
    reply(res, 200, {
      ...keys,
      eventsRead,
      computedInMs: Date.now() - started,
      lastScheduledComputation: stored?.computedAt ?? null,
    });
  }
}

function routeOf(path: string): 'health' | 'openapi' | 'event' | 'dora' | undefined {
  if (path === '/health') return 'health';
  if (path === '/openapi.json') return 'openapi';
  if (path === '/process-event') return 'event';
  return /^\/dora\/[^/]+$/.test(path) ? 'dora' : undefined;
}

function decodeURIComponentOr400(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `repo "${segment}" is not valid percent-encoding`);
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
