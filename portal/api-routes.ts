import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DispatchVendor } from '../domain/dispatch';
import type { DispatchState } from './dispatches';
import {
  accepted,
  cancelBody,
  changeBody,
  changeHeaders,
  createBody,
  createHeaders,
  dispatchDetail,
  dispatchParams,
  dispatchSummary,
  errorAnswer,
  listQuery,
  loginAnswer,
  loginBody,
  ticketParams,
  ticketSiteAnswer,
} from './schemas';
import { guard, sessionOf, type PortalContext } from './server';
import { encodeSession, newSession } from './session';

const errors = { 400: errorAnswer, 401: errorAnswer, 403: errorAnswer, 404: errorAnswer, 409: errorAnswer };
/** Answers of a change the document's shapes cannot refuse: a rule needing the clock or Bruin said no. */
const refused = { 422: errorAnswer };
const security = [{ session: [] }];
/** A change also carries the session's CSRF token (X-CSRF-Token). */
const changeSecurity = [{ session: [], csrf: [] }];

/** The REST API: every route documented in the OpenAPI document from its zod schemas. */
export function registerApiRoutes(app: FastifyInstance, ctx: PortalContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const actor = (s: { user: string; role: 'viewer' | 'dispatcher' }) => ({ user: s.user, role: s.role });

  api.post(
    '/api/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in: sets the session cookie and returns the CSRF token for changes',
        body: loginBody,
        response: { 200: loginAnswer, 400: errorAnswer, 401: errorAnswer, 429: errorAnswer },
      },
    },
    async (req, reply) => {
      const account = await signIn(ctx, req.ip, req.body.username, req.body.password);
      if ('retryAfter' in account)
        return reply
          .code(429)
          .header('retry-after', String(account.retryAfter))
          .send({ error: `too many failed sign-ins: try again in ${account.retryAfter} s` });
      if (!account.user) return reply.code(401).send({ error: 'wrong user name or password' });
      const session = newSession(account.user.user, account.user.role, ctx.now());
      ctx.setSession(reply, encodeSession(session, ctx.sessionSecret));
      return { user: session.user, role: session.role, csrfToken: session.csrf };
    },
  );

  api.delete(
    '/api/session',
    { schema: { tags: ['session'], summary: 'Sign out', response: { 204: z.null() } } },
    async (_req, reply) => {
      ctx.setSession(reply, undefined);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/api/dispatches',
    {
      onRequest: guard('viewer'),
      schema: {
        tags: ['dispatches'],
        summary: 'Portal dispatches, newest first, with each one’s state',
        security,
        querystring: listQuery,
        response: { 200: z.object({ dispatches: z.array(dispatchSummary) }), ...errors },
      },
    },
    async (req) => {
      const q = req.query;
      return {
        dispatches: await ctx.dispatches.list({
          vendor: q.vendor,
          state: q.state as DispatchState | undefined,
          ticketId: q.ticketId,
        }),
      };
    },
  );

  api.post(
    '/api/dispatches',
    {
      onRequest: guard('dispatcher', { csrf: true }),
      schema: {
        tags: ['dispatches'],
        summary: 'Request a dispatch: answers at once with the workflow that creates it at the vendor',
        security: changeSecurity,
        headers: createHeaders,
        body: createBody,
        response: { 202: accepted, ...errors, ...refused, 503: errorAnswer },
      },
    },
    async (req, reply) => {
      const started = await ctx.dispatches.create(req.body, actor(sessionOf(req)), req.headers['idempotency-key']);
      const location = `/api/dispatches/${started.vendor}/${started.reference}`;
      return reply
        .code(202)
        .header('location', location)
        .send({ ...started, location });
    },
  );

  api.get(
    '/api/dispatches/:vendor/:reference',
    {
      onRequest: guard('viewer'),
      schema: {
        tags: ['dispatches'],
        summary: 'One dispatch: the vendor’s fields and its timeline (phase, next reminder, what was sent)',
        security,
        params: dispatchParams,
        response: { 200: dispatchDetail, ...errors },
      },
    },
    async (req) => {
      return ctx.dispatches.detail(req.params.vendor, req.params.reference);
    },
  );

  api.patch(
    '/api/dispatches/:vendor/:reference',
    {
      onRequest: guard('dispatcher', { csrf: true }),
      schema: {
        tags: ['dispatches'],
        summary: 'Change the appointment, the site contact or the description',
        security: changeSecurity,
        params: dispatchParams,
        headers: changeHeaders,
        body: changeBody,
        response: { 202: accepted, ...errors, ...refused },
      },
    },
    async (req, reply) => {
      const { vendor, reference } = req.params;
      const started = await ctx.dispatches.change(
        vendor as DispatchVendor,
        reference,
        req.body,
        actor(sessionOf(req)),
        req.headers['idempotency-key'],
      );
      return reply.code(202).send(started);
    },
  );

  api.post(
    '/api/dispatches/:vendor/:reference/cancel',
    {
      onRequest: guard('dispatcher', { csrf: true }),
      schema: {
        tags: ['dispatches'],
        summary: 'Ask the vendor to cancel (by email, once); the vendor’s cancelled status ends the timeline',
        security: changeSecurity,
        params: dispatchParams,
        body: cancelBody,
        response: { 202: accepted, ...errors },
      },
    },
    async (req, reply) => {
      const { vendor, reference } = req.params;
      return reply
        .code(202)
        .send(await ctx.dispatches.cancel(vendor as DispatchVendor, reference, req.body.reason, actor(sessionOf(req))));
    },
  );

  api.get(
    '/api/tickets/:ticketId/site',
    {
      onRequest: guard('viewer'),
      schema: {
        tags: ['tickets'],
        summary: 'The Bruin ticket’s client and site address, for the request form',
        security,
        params: ticketParams,
        response: { 200: ticketSiteAnswer, ...errors, 503: errorAnswer },
      },
    },
    async (req) => {
      return ctx.dispatches.ticketSite(req.params.ticketId);
    },
  );
}

/** A sign-in attempt, throttled per client address and per user name. */
export async function signIn(
  ctx: PortalContext,
  ip: string,
  username: string,
  password: string,
): Promise<{ retryAfter: number } | { user?: { user: string; role: 'viewer' | 'dispatcher' } }> {
  const attempt = { user: username, ip };
  const wait = ctx.throttle.retryAfter(attempt, ctx.now());
  if (wait > 0) return { retryAfter: wait };
  const account = await ctx.authenticate(username, password);
  if (!account) {
    ctx.throttle.failed(attempt, ctx.now());
    ctx.logger.warn({ component: 'dispatch-portal', ip }, 'failed sign-in');
    return {};
  }
  ctx.throttle.succeeded(attempt);
  return { user: account };
}
