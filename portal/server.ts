import type { MaintenanceService } from './maintenance';
import { registerMaintenanceApi } from './maintenance-routes';
import { registerMaintenancePages } from './maintenance-pages';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import fastifyFormbody from '@fastify/formbody';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { answerMethodNotAllowed } from '../http/method-not-allowed';
import { verifyPassword, type PortalAccount, type PortalRole } from './accounts';
import { registerApiRoutes } from './api-routes';
import { PortalError, type DispatchService } from './dispatches';
import { LoginThrottle } from './login-throttle';
import { registerPageRoutes } from './page-routes';
import {
  csrfMatches,
  decodeSession,
  readCookie,
  SESSION_COOKIE,
  sessionCookieHeader,
  type PortalSession,
} from './session';

declare module 'fastify' {
  interface FastifyRequest {
    session?: PortalSession;
  }
}

export interface PortalDeps {
  dispatches: DispatchService;
  /** Maintenance windows (the API's /api/maintenance and the Maintenance page); absent: no such routes. */
  maintenance?: MaintenanceService;
  accounts: PortalAccount[];
  sessionSecret: string;
  /** Session cookies marked Secure (the portal is reached over https). */
  secureCookies: boolean;
  logger: Logger;
  /** Where the Temporal Web UI shows a workflow's history (the audit trail), by workflow ID. */
  historyUrl: (workflowId: string) => string;
  throttle?: LoginThrottle;
  now?: () => number;
}

/** What the route modules share: the deps, the session helpers and the clock. */
export interface PortalContext extends PortalDeps {
  throttle: LoginThrottle;
  now: () => number;
  setSession(reply: FastifyReply, cookie: string | undefined): void;
  /** The account for a user name and password, or undefined (same time spent either way). */
  authenticate(username: string, password: string): Promise<PortalAccount | undefined>;
}

export const ROLE_RANK: Record<PortalRole, number> = { viewer: 1, dispatcher: 2 };

/**
 * The dispatch portal: a REST API under /api (zod-checked, OpenAPI at /api/openapi.json, Swagger UI at
 * /api/docs) and server-rendered pages over the same service. Every change needs a dispatcher's session
 * and its CSRF token; every dispatch action is a workflow start or signal carrying the user.
 */
export async function createPortalServer(deps: PortalDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'dispatch-portal' }) as FastifyBaseLogger,
    trustProxy: false,
    bodyLimit: 64 * 1024,
    // A maintenance window's ID (`<scope>@<start>`) is a path parameter of up to 200 characters.
    routerOptions: { maxParamLength: 256 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const addMethodNotAllowed = answerMethodNotAllowed(app);
  await app.register(fastifyFormbody);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Dispatch portal API',
        version: '1.0.0',
        description:
          'Request, follow, change and cancel LIT and CTS dispatches. Sign in with POST /api/session; send the ' +
          'session cookie and, with every change, the X-CSRF-Token it returned.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        },
      },
    },
    // A 204 has no body: the document says so (zod's null would read as a JSON body).
    transform: (route) => {
      const out = jsonSchemaTransform(route);
      const response = out.schema.response as Record<string, unknown> | undefined;
      if (response?.[204]) response[204] = { type: 'null', description: 'done; no body' };
      return out;
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  const now = deps.now ?? Date.now;
  const throttle = deps.throttle ?? new LoginThrottle();
  const byUser = new Map(deps.accounts.map((a) => [a.user, a]));
  // A user name that does not exist costs the same scrypt as a wrong password (no user enumeration by timing).
  const decoy = deps.accounts[0]?.passwordHash ?? '';
  const ctx: PortalContext = {
    ...deps,
    throttle,
    now,
    setSession(reply, cookie) {
      void reply.header('set-cookie', sessionCookieHeader(cookie, deps.secureCookies));
    },
    async authenticate(username, password) {
      const account = byUser.get(username);
      const ok = await verifyPassword(password, account?.passwordHash ?? decoy);
      return ok && account ? account : undefined;
    },
  };

  app.decorateRequest('session', undefined);
  app.addHook('onRequest', async (req) => {
    req.session = decodeSession(readCookie(req.headers.cookie, SESSION_COOKIE), deps.sessionSecret, now());
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (!req.url.startsWith('/api/docs'))
      reply.header('content-security-policy', "default-src 'self'; frame-ancestors 'none'; form-action 'self'");
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields = err.validation.map((v) => ({
        field: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || String(v.params?.issue ?? 'body'),
        reason: v.message ?? 'invalid',
      }));
      return reply.code(400).send({ error: `invalid ${err.validationContext ?? 'request'}`, fields });
    }
    if (err instanceof PortalError)
      return reply.code(err.status).send({ error: err.message, ...(err.fields.length ? { fields: err.fields } : {}) });
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) return reply.code(status).send({ error: err.message });
    req.log.error({ err: { message: err.message, type: err.name } }, 'portal request failed');
    return reply.code(500).send({ error: 'internal error (see the portal log)' });
  });

  // Browsers ask for it on every page: no icon, and no 404 in their consoles.
  app.get('/favicon.ico', { schema: { hide: true } }, async (_req, reply) => reply.code(204).send());
  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/static/portal.css', { schema: { hide: true } }, async (_req, reply) => reply.type('text/css').send(css));
  registerApiRoutes(app, ctx);
  registerPageRoutes(app, ctx);
  if (deps.maintenance) {
    registerMaintenanceApi(app, ctx, deps.maintenance);
    registerMaintenancePages(app, ctx, deps.maintenance);
  }
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  addMethodNotAllowed();
  return app;
}

const css = readFileSync(join(__dirname, 'static', 'portal.css'), 'utf8');

/**
 * An onRequest hook for an API route: 401 without a session, 403 for a role below `role` or (on a
 * change) a missing CSRF token, before the body is even read, so nobody learns more than that.
 */
export function guard(role: PortalRole, options: { csrf?: boolean } = {}) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const session = req.session;
    if (!session) return reply.code(401).send({ error: 'sign in first (POST /api/session)' });
    if (ROLE_RANK[session.role] < ROLE_RANK[role])
      return reply.code(403).send({ error: `${session.user} is a ${session.role}: this needs a ${role}` });
    if (options.csrf && !csrfMatches(session, req.headers['x-csrf-token']))
      return reply.code(403).send({ error: 'missing or wrong X-CSRF-Token (it comes with the session)' });
  };
}

/** The session a guarded route runs with. */
export const sessionOf = (req: FastifyRequest): PortalSession => req.session!;
