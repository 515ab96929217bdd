import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REASON_MAX, scopeKey, WALL_TIME, windowStatus, type MaintenanceWindow } from '../domain/maintenance';
import { maintenanceWorkflowId } from '../domain/workflow-ids';
import type { MaintenanceWindowState } from '../workflows/maintenance/api';
import type { MaintenanceService } from './maintenance';
import { errorAnswer } from './schemas';
import { guard, sessionOf, type PortalContext } from './server';

// Maintenance windows over the API: viewers read them, dispatchers set, extend and end them (each change carrying
// the user and a reason, recorded in the window's workflow history). What the document calls valid is checked
// again by the service against the calendar, the clock, the customer caches and MAINTENANCE_MAX_DAYS: a 422 naming
// the field, as the dispatch routes answer what only the clock or Bruin can tell.

const wallTime = (what: string) =>
  z
    .string()
    .regex(WALL_TIME, 'must be a date and time, YYYY-MM-DDTHH:mm')
    .describe(`${what}: wall time in the window's zone, YYYY-MM-DDTHH:mm`);
const reason = z
  .string()
  .min(1, `must be 1-${REASON_MAX} characters`)
  .max(REASON_MAX, `must be 1-${REASON_MAX} characters`)
  .regex(/\S/, 'must be more than spaces')
  .describe(`why (1-${REASON_MAX} characters): the NOC reads it`);

export const maintenanceBody = z.object({
  scope: z
    .string()
    .regex(
      /^(?:enterprise:[^/\s]+\/\d{1,9}|client:\d{1,12}|device:[A-Za-z0-9-]{4,64})$/,
      'must be enterprise:<host>/<enterpriseId>, client:<clientId> or device:<serial>',
    )
    .describe('what the window covers; it must be monitored (in a customer cache)'),
  start: wallTime('start (a past start is a window already under way)'),
  end: wallTime('end: after the start, in the future, at most MAINTENANCE_MAX_DAYS after the start'),
  timeZone: z.string().min(3).max(64).describe('IANA time zone of start and end (America/New_York)'),
  reason,
});
const windowAnswer = z.object({
  id: z.string(),
  scope: z.string().describe('enterprise:<host>/<id>, client:<id> or device:<serial>'),
  start: z.string().describe('ISO instant'),
  end: z.string().describe('ISO instant'),
  timeZone: z.string(),
  reason: z.string(),
  setBy: z.string(),
  status: z.enum(['scheduled', 'active', 'ended']),
  workflowId: z.string().describe('its workflow: the history is the audit trail'),
});
const windowDetail = windowAnswer.extend({
  events: z.array(
    z.object({
      at: z.string(),
      what: z.enum(['set', 'extended', 'ended']),
      by: z.string(),
      why: z.string(),
      end: z.string(),
    }),
  ),
});
const idParams = z.object({
  id: z.string().min(1).max(200).describe('the window id (`<scope>@<start>`), URL-encoded'),
});
const errors = { 400: errorAnswer, 401: errorAnswer, 403: errorAnswer, 404: errorAnswer, 409: errorAnswer };
/** What the document cannot tell: an unknown zone or device, an end before the start, past, or too long. */
const refused = { 422: errorAnswer };
const security = [{ session: [] }];
const changeSecurity = [{ session: [], csrf: [] }];

type Shown = z.infer<typeof windowAnswer>;
export const shownWindow = (w: MaintenanceWindow, nowMs: number): Shown => ({
  id: w.id,
  scope: scopeKey(w.scope),
  start: w.start,
  end: w.end,
  timeZone: w.timeZone,
  reason: w.reason,
  setBy: w.setBy,
  status: windowStatus(w, nowMs),
  workflowId: maintenanceWorkflowId(w.id),
});
const detail = (s: MaintenanceWindowState, nowMs: number) => ({ ...shownWindow(s.window, nowMs), events: s.events });

export function registerMaintenanceApi(app: FastifyInstance, ctx: PortalContext, service: MaintenanceService): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const by = (req: Parameters<typeof sessionOf>[0]) => sessionOf(req).user;

  api.get(
    '/api/maintenance',
    {
      onRequest: guard('viewer'),
      schema: {
        tags: ['maintenance'],
        summary: 'Maintenance windows: open, coming, and ended in the last 7 days',
        security,
        response: { 200: z.object({ windows: z.array(windowAnswer) }), ...errors },
      },
    },
    async () => ({ windows: (await service.list()).map((w) => shownWindow(w, ctx.now())) }),
  );

  api.post(
    '/api/maintenance',
    {
      onRequest: guard('dispatcher', { csrf: true }),
      schema: {
        tags: ['maintenance'],
        summary: 'Set a window: no tickets, alerts or reboots for what it covers while it lasts',
        security: changeSecurity,
        body: maintenanceBody,
        response: { 201: windowAnswer, ...errors, ...refused },
      },
    },
    async (req, reply) => {
      const window = await service.set(req.body, by(req));
      return reply
        .code(201)
        .header('location', `/api/maintenance/${encodeURIComponent(window.id)}`)
        .send(shownWindow(window, ctx.now()));
    },
  );

  api.get(
    '/api/maintenance/:id',
    {
      onRequest: guard('viewer'),
      schema: {
        tags: ['maintenance'],
        summary: 'One window with its changes: who set, extended or ended it, when and why',
        security,
        params: idParams,
        response: { 200: windowDetail, ...errors },
      },
    },
    async (req) => detail(await service.show(req.params.id), ctx.now()),
  );

  api.post(
    '/api/maintenance/:id/extend',
    {
      onRequest: guard('dispatcher', { csrf: true }),
      schema: {
        tags: ['maintenance'],
        summary: "Move a window's end later (at most MAINTENANCE_MAX_DAYS after its start)",
        security: changeSecurity,
        params: idParams,
        body: z.object({ end: wallTime('the new end'), reason }),
        response: { 200: windowDetail, ...errors, ...refused },
      },
    },
    async (req) =>
      detail(await service.extend(req.params.id, req.body.end, by(req), req.body.reason.trim()), ctx.now()),
  );

  api.post(
    '/api/maintenance/:id/end',
    {
      onRequest: guard('dispatcher', { csrf: true }),
      schema: {
        tags: ['maintenance'],
        summary: 'End a window now; what it covered is monitored again from the next cycle',
        security: changeSecurity,
        params: idParams,
        body: z.object({ reason }),
        response: { 200: windowDetail, ...errors },
      },
    },
    async (req) => detail(await service.end(req.params.id, by(req), req.body.reason.trim()), ctx.now()),
  );
}
