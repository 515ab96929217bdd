import type { Reply } from '../http';
import type { Sandbox } from '../sandbox';

/**
 * T7's prediction API: `POST /t7/api/v1/predictions` (a ticket's task history → candidate next
 * actions), `POST /t7/api/v1/feedback` (closed tickets' histories, for retraining; deliveries are
 * counted per ticket) and `POST /t7/api/v1/metrics` (live automation metrics).
 */
export function t7Route(
  sandbox: Sandbox,
  method: string,
  parts: string[],
  body: Record<string, unknown>,
): Reply | undefined {
  const [api, version, resource] = parts;
  if (method !== 'POST' || api !== 'api' || version !== 'v1' || parts.length !== 3) return undefined;
  switch (resource) {
    case 'predictions': {
      const ticketId = String(body.ticketId ?? '');
      if (!/^\d+$/.test(ticketId) || !Array.isArray(body.taskHistory))
        return { status: 400, json: { error: 'ticketId (digits) and taskHistory (array) are required' } };
      const entry = sandbox.collection('t7', 'predictions')[ticketId];
      return { status: 200, json: { ticketId, predictions: entry?.predictions ?? [] } };
    }
    case 'feedback': {
      const tickets = body.tickets;
      if (
        !Array.isArray(tickets) ||
        tickets.some(
          (t: { ticketId?: unknown; taskHistory?: unknown }) =>
            typeof t?.ticketId !== 'string' || !Array.isArray(t.taskHistory),
        )
      ) {
        return { status: 400, json: { error: 'tickets: [{ticketId, taskHistory[]}] is required' } };
      }
      const feedback = sandbox.collection('t7', 'feedback');
      for (const t of tickets as Array<{ ticketId: string; taskHistory: unknown[] }>) {
        const before = feedback[t.ticketId];
        feedback[t.ticketId] = {
          id: t.ticketId,
          taskHistory: t.taskHistory,
          deliveries: Number(before?.deliveries ?? 0) + 1,
        };
      }
      return { status: 200, json: { accepted: tickets.length } };
    }
    case 'metrics': {
      if (typeof body.ticketId !== 'string' || typeof body.automated !== 'boolean')
        return { status: 400, json: { error: 'ticketId (string) and automated (boolean) are required' } };
      const id = String(sandbox.nextId());
      sandbox.collection('t7', 'metrics')[id] = { id, ticketId: body.ticketId, automated: body.automated };
      return { status: 202, json: { accepted: true } };
    }
    default:
      return undefined;
  }
}
