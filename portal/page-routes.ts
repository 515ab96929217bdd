import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DispatchChange, DispatchRequestForm, DispatchVendor, FieldError } from '../domain/dispatch';
import { readablePhone } from '../domain/dispatch';
import { signIn } from './api-routes';
import { DISPATCH_STATES, PortalError, type DispatchDetail } from './dispatches';
import type { PortalContext } from './server';
import { pageTools, type Form } from './page-tools';
import { encodeSession, newSession, type PortalSession } from './session';
import type { TicketSite } from './vendor-reads';

export const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
];
const LABELS: Record<string, string> = {
  'pending-at-vendor': 'pending at vendor',
  'request-failed': 'request failed',
  'tech-on-site': 'tech on site',
  'cancel-requested': 'cancel requested',
  'reminder-12h': '12-hour reminder',
  'reminder-2h': '2-hour reminder',
  'tech-changed': 'technician changed',
  'site-contact-changed': 'site contact changed',
};
const label = (s: string) => LABELS[s] ?? s;

const FORM_FIELDS = ['date', 'time', 'timeZone', 'contactName', 'contactPhone', 'description'] as const;
const isVendor = (v: string): v is DispatchVendor => v === 'lit' || v === 'cts';

/**
 * The portal's pages: server-rendered HTML forms over the same service as the API (no client-side
 * framework, so every page works without JavaScript and the CSP allows no inline script).
 */
export function registerPageRoutes(app: FastifyInstance, ctx: PortalContext): void {
  const hide = { schema: { hide: true } };
  const { render, errorPage, pageSession } = pageTools(
    label,
    (session) => `${session.user} is a ${session.role}: only a dispatcher can change dispatches.`,
  );
  const actor = (s: PortalSession) => ({ user: s.user, role: s.role });

  app.get('/', hide, async (_req, reply) => reply.redirect('/dispatches', 303));

  app.get('/login', hide, async (req, reply) => {
    if (req.session) return reply.redirect('/dispatches', 303);
    const next = String((req.query as Form).next ?? '/dispatches');
    return render(reply, 'login', { title: 'Sign in', next, username: '', session: undefined });
  });

  app.post('/login', hide, async (req, reply) => {
    const form = (req.body ?? {}) as Form;
    const username = String(form.username ?? '');
    // Only a local path is followed after sign-in (no open redirect).
    const next = /^\/(?!\/)[\w\-/?=&%.]*$/.test(form.next ?? '') ? form.next! : '/dispatches';
    const result = await signIn(ctx, req.ip, username, String(form.password ?? ''));
    if ('retryAfter' in result)
      return render(
        reply.header('retry-after', String(result.retryAfter)),
        'login',
        {
          title: 'Sign in',
          next,
          username,
          flash: { kind: 'error', text: `Too many failed sign-ins: try again in ${result.retryAfter} s.` },
        },
        429,
      );
    if (!result.user)
      return render(
        reply,
        'login',
        { title: 'Sign in', next, username, flash: { kind: 'error', text: 'Wrong user name or password.' } },
        401,
      );
    ctx.setSession(reply, encodeSession(newSession(result.user.user, result.user.role, ctx.now()), ctx.sessionSecret));
    return reply.redirect(next, 303);
  });

  app.post('/logout', hide, async (req, reply) => {
    if (!pageSession(req, reply, 'viewer')) return reply;
    ctx.setSession(reply, undefined);
    return reply.redirect('/login', 303);
  });

  app.get('/dispatches', hide, async (req, reply) => {
    const session = pageSession(req, reply, 'viewer');
    if (!session) return reply;
    const q = req.query as Form;
    const filter = {
      vendor: q.vendor && isVendor(q.vendor) ? q.vendor : undefined,
      state: DISPATCH_STATES.find((s) => s === q.state),
      ticketId: q.ticketId?.trim() || undefined,
    };
    let errors: FieldError[] = [];
    let dispatches: Awaited<ReturnType<typeof ctx.dispatches.list>> = [];
    try {
      dispatches = await ctx.dispatches.list(filter);
    } catch (err) {
      if (!(err instanceof PortalError)) throw err;
      errors = err.fields;
    }
    return render(reply, 'list', { session, title: 'Dispatches', filter, states: DISPATCH_STATES, dispatches, errors });
  });

  /** The request form or the edit form, with what was typed, each field's error, and one idempotency key per form. */
  const formPage = (
    reply: FastifyReply,
    session: PortalSession,
    page: { title: string; action: string; submitLabel: string; creating: boolean; back?: string; site?: TicketSite },
    values: Form,
    errors: Record<string, string>,
    status: number,
  ) =>
    render(
      reply,
      'form',
      {
        session,
        ...page,
        idempotencyKey: values.idempotencyKey || randomBytes(16).toString('base64url'),
        values,
        errors,
        zones: ZONES,
      },
      status,
    );
  const newForm = (
    reply: FastifyReply,
    session: PortalSession,
    values: Form,
    errors: Record<string, string> = {},
    site?: TicketSite,
    status = 200,
  ) =>
    formPage(
      reply,
      session,
      { title: 'New dispatch', action: '/dispatches', submitLabel: 'Request the dispatch', creating: true, site },
      { vendor: 'cts', ticketId: '', timeZone: 'America/New_York', ...blankForm(), ...values },
      errors,
      status,
    );

  app.get('/dispatches/new', hide, async (req, reply) => {
    const session = pageSession(req, reply, 'dispatcher');
    if (!session) return reply;
    return newForm(reply, session, {});
  });

  // "Look up the ticket's site": the same form again, with the site (or why not) under the ticket.
  app.post('/dispatches/new/site', hide, async (req, reply) => {
    const session = pageSession(req, reply, 'dispatcher');
    if (!session) return reply;
    const values = req.body as Form;
    try {
      return newForm(reply, session, values, {}, await ctx.dispatches.ticketSite(values.ticketId ?? ''));
    } catch (err) {
      if (!(err instanceof PortalError)) throw err;
      return newForm(reply, session, values, { ticketId: err.fields[0]?.reason ?? err.message }, undefined, err.status);
    }
  });

  app.post('/dispatches', hide, async (req, reply) => {
    const session = pageSession(req, reply, 'dispatcher');
    if (!session) return reply;
    const values = req.body as Form;
    const form = {
      vendor: values.vendor,
      ticketId: values.ticketId ?? '',
      ...formFields(values),
    } as DispatchRequestForm;
    try {
      const started = await ctx.dispatches.create(form, actor(session), values.idempotencyKey ?? '');
      return reply.redirect(`/dispatches/${started.vendor}/${started.reference}`, 303);
    } catch (err) {
      if (!(err instanceof PortalError)) throw err;
      return newForm(reply, session, values, fieldMap(err), undefined, err.status);
    }
  });

  async function detailOr404(req: FastifyRequest, reply: FastifyReply, session: PortalSession) {
    const { vendor, reference } = req.params as { vendor: string; reference: string };
    if (!isVendor(vendor)) {
      void errorPage(reply, session, 404, `no dispatch vendor "${vendor}"`);
      return undefined;
    }
    try {
      return await ctx.dispatches.detail(vendor, reference);
    } catch (err) {
      if (!(err instanceof PortalError)) throw err;
      void errorPage(reply, session, err.status, err.message);
      return undefined;
    }
  }

  const showDetail = (
    reply: FastifyReply,
    session: PortalSession,
    d: DispatchDetail,
    extra: { flash?: { kind: string; text: string }; cancelError?: string } = {},
    status = 200,
  ) =>
    render(
      reply,
      'detail',
      {
        session,
        title: `${d.vendor.toUpperCase()} dispatch ${d.reference}`,
        d: d.fields ? { ...d, fields: { ...d.fields, contactPhone: readablePhone(d.fields.contactPhone) } } : d,
        canChange: session.role === 'dispatcher' && changeableState(d),
        historyUrl: ctx.historyUrl,
        refreshSeconds: d.state === 'pending-at-vendor' ? 2 : undefined,
        ...extra,
      },
      status,
    );

  app.get('/dispatches/:vendor/:reference', hide, async (req, reply) => {
    const session = pageSession(req, reply, 'viewer');
    if (!session) return reply;
    const d = await detailOr404(req, reply, session);
    if (!d) return reply;
    const flash = FLASHES[String((req.query as Form).done)];
    return showDetail(reply, session, d, { flash });
  });

  const editForm = (
    reply: FastifyReply,
    session: PortalSession,
    d: DispatchDetail,
    values: Form,
    errors: Record<string, string> = {},
    status = 200,
  ) =>
    formPage(
      reply,
      session,
      {
        title: `Change ${d.vendor.toUpperCase()} dispatch ${d.reference}`,
        action: `/dispatches/${d.vendor}/${d.reference}/edit`,
        back: `/dispatches/${d.vendor}/${d.reference}`,
        submitLabel: 'Save the change',
        creating: false,
      },
      values,
      errors,
      status,
    );

  app.get('/dispatches/:vendor/:reference/edit', hide, async (req, reply) => {
    const session = pageSession(req, reply, 'dispatcher');
    if (!session) return reply;
    const d = await detailOr404(req, reply, session);
    if (!d) return reply;
    if (!d.fields || !changeableState(d)) return cannotChange(reply, session, d);
    return editForm(reply, session, d, { ...d.fields, contactPhone: readablePhone(d.fields.contactPhone) });
  });

  /** A dispatch still pending at the vendor, finished, or whose vendor record cannot be read: 409, on its page. */
  const cannotChange = (reply: FastifyReply, session: PortalSession, d: DispatchDetail) =>
    showDetail(
      reply,
      session,
      d,
      { flash: { kind: 'error', text: `This dispatch cannot change now (${label(d.state)}).` } },
      409,
    );

  app.post('/dispatches/:vendor/:reference/edit', hide, async (req, reply) => {
    const session = pageSession(req, reply, 'dispatcher');
    if (!session) return reply;
    const d = await detailOr404(req, reply, session);
    if (!d) return reply;
    // The form compares against the vendor's record: without it (pending, unreadable) there is nothing to change.
    if (!d.fields || !changeableState(d)) return cannotChange(reply, session, d);
    const values = req.body as Form;
    const change = changedFields(d.fields, formFields(values));
    try {
      await ctx.dispatches.change(d.vendor, d.reference, change, actor(session), values.idempotencyKey);
      return reply.redirect(`/dispatches/${d.vendor}/${d.reference}?done=changed`, 303);
    } catch (err) {
      if (!(err instanceof PortalError)) throw err;
      return editForm(reply, session, d, values, fieldMap(err), err.status);
    }
  });

  app.post('/dispatches/:vendor/:reference/cancel', hide, async (req, reply) => {
    const session = pageSession(req, reply, 'dispatcher');
    if (!session) return reply;
    const d = await detailOr404(req, reply, session);
    if (!d) return reply;
    try {
      await ctx.dispatches.cancel(d.vendor, d.reference, String((req.body as Form).reason ?? ''), actor(session));
      return reply.redirect(`/dispatches/${d.vendor}/${d.reference}?done=cancel`, 303);
    } catch (err) {
      if (!(err instanceof PortalError)) throw err;
      return showDetail(reply, session, d, { cancelError: err.fields[0]?.reason ?? err.message }, err.status);
    }
  });
}

const FLASHES: Record<string, { kind: string; text: string }> = {
  changed: { kind: 'info', text: 'Change sent to the vendor; the timeline takes it as soon as the vendor has it.' },
  cancel: {
    kind: 'info',
    text: 'Cancel request sent to the vendor by email; the vendor’s cancellation ends the dispatch.',
  },
};

const changeableState = (d: DispatchDetail) =>
  d.state === 'requested' || d.state === 'confirmed' || d.state === 'tech-on-site' || d.state === 'cancel-requested';

const blankForm = (): Form => Object.fromEntries(FORM_FIELDS.map((f) => [f, '']));

function formFields(values: Form): Omit<DispatchRequestForm, 'vendor' | 'ticketId'> {
  return Object.fromEntries(FORM_FIELDS.map((f) => [f, String(values[f] ?? '').trim()])) as Omit<
    DispatchRequestForm,
    'vendor' | 'ticketId'
  >;
}

/** Only what the user changed on the edit form: the appointment and contact go as whole groups. */
function changedFields(
  now: NonNullable<DispatchDetail['fields']>,
  next: Omit<DispatchRequestForm, 'vendor' | 'ticketId'>,
): DispatchChange {
  const change: DispatchChange = {};
  if (next.date !== now.date || next.time !== now.time || next.timeZone !== now.timeZone)
    Object.assign(change, { date: next.date, time: next.time, timeZone: next.timeZone });
  if (
    next.contactName !== now.contactName ||
    next.contactPhone.replace(/\D/g, '') !== now.contactPhone.replace(/\D/g, '')
  )
    Object.assign(change, { contactName: next.contactName, contactPhone: next.contactPhone });
  if (next.description !== now.description) change.description = next.description;
  return change;
}

/** A PortalError's field errors by field (the form shows each under its input), or a message for the form. */
function fieldMap(err: PortalError): Record<string, string> {
  if (err.fields.length === 0) return { _form: err.message };
  const map: Record<string, string> = {};
  for (const f of err.fields) {
    if (f.field === 'body' || f.field === 'idempotencyKey') map._form = f.reason;
    else map[f.field] ??= f.reason;
  }
  return map;
}
