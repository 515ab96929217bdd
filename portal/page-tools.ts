import { join } from 'node:path';
import { Eta } from 'eta';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml } from '../domain/reports/render';
import { formatInstant } from '../domain/time';
import type { PortalRole } from './accounts';
import { ROLE_RANK } from './server';
import { csrfMatches, type PortalSession } from './session';

const eta = new Eta({ views: join(__dirname, 'views'), autoEscape: true, cache: true });

/** A posted form's fields. */
export type Form = Record<string, string | undefined>;

/**
 * What every page module shares: rendering a view in the layout, the error page, and the page's session (a redirect
 * to sign in, or a 403 page saying `refusal` for a role below the page's; POSTs must echo the CSRF token).
 */
export function pageTools(label: (s: string) => string, refusal: (session: PortalSession) => string) {
  const render = (reply: FastifyReply, view: string, data: Record<string, unknown>, status = 200) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(
        eta.render(`./${view}`, {
          label,
          when: (iso: string, zone = 'UTC') => formatInstant(iso, zone),
          escape: escapeHtml,
          flash: undefined,
          ...data,
        }),
      );
  const errorPage = (reply: FastifyReply, session: PortalSession | undefined, status: number, message: string) =>
    render(reply, 'error', { session, title: status === 404 ? 'Not found' : `Error ${status}`, message }, status);

  function pageSession(req: FastifyRequest, reply: FastifyReply, role: PortalRole): PortalSession | undefined {
    const session = req.session;
    if (!session) {
      void reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
      return undefined;
    }
    if (ROLE_RANK[session.role] < ROLE_RANK[role]) {
      void errorPage(reply, session, 403, refusal(session));
      return undefined;
    }
    if (req.method === 'POST' && !csrfMatches(session, (req.body as Form | undefined)?._csrf)) {
      void errorPage(
        reply,
        session,
        403,
        'This form expired (missing or wrong CSRF token): reload the page and send it again.',
      );
      return undefined;
    }
    return session;
  }
  return { render, errorPage, pageSession };
}
