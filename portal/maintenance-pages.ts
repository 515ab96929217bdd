import type { FastifyInstance, FastifyReply } from 'fastify';
import { scopeKey, windowStatus } from '../domain/maintenance';
import type { MaintenanceService } from './maintenance';
import { PortalError } from './dispatches';
import { pageTools, type Form } from './page-tools';
import { ZONES } from './page-routes';
import type { PortalContext } from './server';
import type { PortalSession } from './session';

/**
 * The Maintenance page: every window (open, coming, ended in the last 7 days) for anyone signed in; for a dispatcher a
 * form to set one and, per window not ended, forms to extend or end it (each asks why). Plain forms, no script.
 */
export function registerMaintenancePages(app: FastifyInstance, ctx: PortalContext, service: MaintenanceService): void {
  const hide = { schema: { hide: true } };
  const { render, pageSession } = pageTools(
    (s) => s,
    (session) => `${session.user} is a ${session.role}: only a dispatcher can change maintenance windows.`,
  );

  const page = async (
    reply: FastifyReply,
    session: PortalSession,
    extra: { values?: Form; errors?: Record<string, string>; flash?: { kind: string; text: string } } = {},
    status = 200,
  ) =>
    render(
      reply,
      'maintenance',
      {
        session,
        title: 'Maintenance',
        windows: (await service.list()).map((w) => ({
          ...w,
          scopeText: scopeKey(w.scope),
          status: windowStatus(w, ctx.now()),
          historyUrl: ctx.historyUrl(`maintenance/${w.id}`),
        })),
        values: { timeZone: 'America/New_York', ...extra.values },
        errors: extra.errors ?? {},
        zones: ZONES,
        ...(extra.flash ? { flash: extra.flash } : {}),
      },
      status,
    );
  /** Runs a change; a refusal re-renders the page with the reason (and each field's), nothing changed. */
  const change = async (reply: FastifyReply, session: PortalSession, form: Form, run: () => Promise<string>) => {
    try {
      const done = await run();
      return await page(reply, session, { flash: { kind: 'ok', text: done } });
    } catch (err) {
      if (!(err instanceof PortalError)) throw err;
      const errors = Object.fromEntries(err.fields.map((f) => [f.field, f.reason]));
      return page(reply, session, { values: form, errors, flash: { kind: 'error', text: err.message } }, err.status);
    }
  };

  app.get('/maintenance', hide, async (req, reply) => {
    const session = pageSession(req, reply, 'viewer');
    if (!session) return reply;
    return page(reply, session);
  });

  app.post('/maintenance', hide, async (req, reply) => {
    const session = pageSession(req, reply, 'dispatcher');
    if (!session) return reply;
    const form = (req.body ?? {}) as Form;
    return change(reply, session, form, async () => {
      const w = await service.set(form, session.user);
      return `Maintenance window set: ${scopeKey(w.scope)} until ${w.end}.`;
    });
  });

  /** The end and extend forms: a dispatcher's change to one window, which must say why. */
  const windowChange = (path: string, run: (form: Form, user: string, why: string) => Promise<string>) =>
    app.post(path, hide, async (req, reply) => {
      const session = pageSession(req, reply, 'dispatcher');
      if (!session) return reply;
      const form = (req.body ?? {}) as Form;
      return change(reply, session, {}, async () => {
        const why = form.reason?.trim();
        if (!why) throw new PortalError(400, 'reason: say why', [{ field: 'reason', reason: 'say why' }]);
        return run(form, session.user, why);
      });
    });

  windowChange('/maintenance/end', async (form, user, why) => {
    await service.end(String(form.id ?? ''), user, why);
    return `Maintenance window ended: ${String(form.id)}.`;
  });

  windowChange('/maintenance/extend', async (form, user, why) => {
    const s = await service.extend(String(form.id ?? ''), String(form.end ?? ''), user, why);
    return `Maintenance window extended until ${s.window.end}.`;
  });
}
