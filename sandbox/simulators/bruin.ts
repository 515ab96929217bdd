import type { Reply } from '../http';
import { groupIds, type Sandbox } from '../sandbox';
import type { Entity } from '../state';

const OPEN = ['New', 'InProgress', 'Draft'];

/** Bruin's ticket API as the engine uses it: inventory, outage (VOO) and service-affecting (VAS) tickets, statuses, notes. */
export function bruinRoute(
  sandbox: Sandbox,
  method: string,
  parts: string[],
  body: Record<string, unknown>,
  query: URLSearchParams,
): Reply | undefined {
  if (parts[0] !== 'api') return undefined;
  const tickets = sandbox.collection('bruin', 'tickets');
  const ticketsByService = () =>
    sandbox.indexed('bruin', 'tickets', 'by-service', (all) => groupIds(all, (t) => String(t.serviceNumber)));
  const path = parts.slice(1).join('/');

  if (method === 'GET' && path === 'Inventory') {
    const serviceNumber = query.get('serviceNumber');
    if (!serviceNumber) return { status: 400, json: { message: 'serviceNumber is required' } };
    const clients = sandbox.collection('bruin', 'clients');
    const documents = (
      sandbox
        .indexed('bruin', 'clients', 'by-serial', (all) => groupIds(all, (c) => (c.serviceNumbers as string[]) ?? []))
        .get(serviceNumber) ?? []
    )
      .map((id) => clients[id])
      .filter((c) => c !== undefined && (c.serviceNumbers as string[]).includes(serviceNumber))
      .map((c) => ({ clientID: Number(c.id), clientName: c.name, serviceNumber, status: 'A' }));
    return { status: 200, json: { documents } };
  }

  if (method === 'GET' && path === 'Ticket') {
    const clientId = query.get('clientId');
    const serviceNumber = query.get('serviceNumber');
    if (!clientId && !serviceNumber) return { status: 400, json: { message: 'clientId or serviceNumber is required' } };
    const statuses = (query.get('ticketStatus') ?? '').split(',').filter(Boolean);
    const closedFrom = query.get('closedFrom');
    const closedTo = query.get('closedTo');
    if ([closedFrom, closedTo].some((d) => d !== null && Number.isNaN(Date.parse(d))))
      return { status: 400, json: { message: 'closedFrom/closedTo must be ISO date-times' } };
    const closedIn = (t: Entity) =>
      (!closedFrom || (typeof t.closeDate === 'string' && t.closeDate >= closedFrom)) &&
      (!closedTo || (typeof t.closeDate === 'string' && t.closeDate < closedTo));
    // Candidates from the index (by client, else by service number), then every filter as before.
    const byClient = sandbox.indexed('bruin', 'tickets', 'by-client', (all) =>
      groupIds(all, (t) => String(t.clientID)),
    );
    const candidates = ((clientId ? byClient.get(clientId) : ticketsByService().get(serviceNumber!)) ?? [])
      .map((id) => tickets[id])
      .filter((t) => t !== undefined);
    const matching = candidates
      .filter(
        (t) =>
          (!clientId || String(t.clientID) === clientId) &&
          (!serviceNumber || t.serviceNumber === serviceNumber) &&
          closedIn(t),
      )
      .filter(
        (t) =>
          (query.get('ticketTopic') ? t.category === query.get('ticketTopic') : true) &&
          (statuses.length === 0 || statuses.includes(String(t.ticketStatus))),
      )
      .sort((a, b) => Number(a.id) - Number(b.id));
    const toResponse = (t: Entity) => ({
      ticketID: Number(t.id),
      clientID: t.clientID,
      serviceNumber: t.serviceNumber,
      category: t.category,
      ticketStatus: t.ticketStatus,
      createDate: t.createDate,
      ...(t.closeDate ? { closeDate: t.closeDate } : {}),
    });
    if (!query.has('pageSize')) return { status: 200, json: { responses: matching.map(toResponse) } };
    // Paged: keyset on ticket ID; the cursor is the last ticket ID of the previous page.
    const pageSize = Number(query.get('pageSize'));
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500)
      return { status: 400, json: { message: 'pageSize must be an integer 1-500' } };
    const cursor = query.get('cursor');
    if (cursor !== null && !/^\d+$/.test(cursor))
      return { status: 400, json: { message: 'cursor must be a ticket ID from a previous page' } };
    const rest = matching.filter((t) => cursor === null || Number(t.id) > Number(cursor));
    const page = rest.slice(0, pageSize);
    return {
      status: 200,
      json: { responses: page.map(toResponse), nextCursor: rest.length > pageSize ? page[page.length - 1].id : null },
    };
  }

  if (method === 'POST' && path === 'Ticket/repair') {
    const clientId = Number(body.ClientID);
    const category = body.Category === 'VAS' ? 'VAS' : 'VOO';
    const services = body.Services as Array<{ ServiceNumber?: string }> | undefined;
    if (!clientId || !Array.isArray(services) || services.length === 0)
      return { status: 400, json: { message: 'ClientID and Services are required' } };
    const assets = services.map(({ ServiceNumber }) => {
      const existing = (ticketsByService().get(String(ServiceNumber)) ?? [])
        .map((id) => tickets[id])
        .filter(
          (t) =>
            t !== undefined &&
            t.serviceNumber === ServiceNumber &&
            t.category === category &&
            String(t.clientID) === String(clientId),
        );
      const open = existing.find((t) => OPEN.includes(String(t.ticketStatus)));
      if (open)
        return {
          serviceNumber: ServiceNumber,
          ticketId: Number(open.id),
          errorCode: 409,
          errorMessage: 'In progress ticket exists',
        };
      const resolved = existing.find((t) => t.ticketStatus === 'Resolved');
      if (resolved)
        return {
          serviceNumber: ServiceNumber,
          ticketId: Number(resolved.id),
          errorCode: 471,
          errorMessage: 'Resolved ticket exists',
        };
      const id = String(5_000_000 + sandbox.nextId());
      tickets[id] = {
        id,
        clientID: clientId,
        serviceNumber: ServiceNumber,
        category,
        ticketStatus: 'InProgress',
        createDate: new Date().toISOString(),
      };
      sandbox.touched('bruin', 'tickets');
      return { serviceNumber: ServiceNumber, ticketId: Number(id), errorCode: 0 };
    });
    return { status: 200, json: { assets } };
  }

  const ticketMatch = /^Ticket\/(\d+)\/(details\/status|details|notes|taskHistory|nextresult|site)$/.exec(path);
  if (ticketMatch) {
    const ticket = tickets[ticketMatch[1]];
    if (!ticket) return { status: 404, json: { message: `ticket ${ticketMatch[1]} not found` } };
    // Task history and next results live on the ticket entity (set them through the control API).
    if (method === 'GET' && ticketMatch[2] === 'taskHistory')
      return { status: 200, json: { result: ticket.taskHistory ?? [] } };
    if (method === 'GET' && ticketMatch[2] === 'nextresult') {
      if (!query.get('serviceNumber')) return { status: 400, json: { message: 'serviceNumber is required' } };
      return {
        status: 200,
        json: {
          currentTaskName: ticket.currentTaskName ?? 'Holmdel NOC Investigate',
          nextResults: ticket.nextResults ?? [],
        },
      };
    }
    if (method === 'GET' && ticketMatch[2] === 'details') {
      const ticketNotes = Object.values(sandbox.collection('bruin', 'notes'))
        .filter((n) => n.ticketId === ticket.id)
        .sort((a, b) => String(a.createdDate).localeCompare(String(b.createdDate)))
        .map((n) => ({ noteId: Number(n.id), noteValue: n.noteValue, createdDate: n.createdDate }));
      return {
        status: 200,
        json: {
          ticketDetails: [
            {
              detailID: Number(ticket.id) * 10,
              detailValue: ticket.serviceNumber,
              detailStatus: ticket.ticketStatus === 'Resolved' ? 'R' : 'I',
            },
          ],
          ticketNotes,
        },
      };
    }
    // The ticket's site (client and street address): what the dispatch portal's form shows.
    if (method === 'GET' && ticketMatch[2] === 'site') {
      const client = sandbox.collection('bruin', 'clients')[String(ticket.clientID)];
      return {
        status: 200,
        json: {
          ticketId: Number(ticket.id),
          clientId: Number(ticket.clientID),
          clientName: client?.name ?? null,
          serviceNumber: ticket.serviceNumber ?? null,
          address: ticket.siteAddress ?? client?.siteAddress ?? null,
        },
      };
    }
    if (method === 'PUT' && ticketMatch[2] === 'details/status') {
      if (body.status !== 'R' && body.status !== 'O')
        return { status: 400, json: { message: 'status must be R (resolve) or O (open)' } };
      ticket.ticketStatus = body.status === 'R' ? 'Resolved' : 'InProgress';
      return { status: 200, json: { ticketID: Number(ticket.id), ticketStatus: ticket.ticketStatus } };
    }
    if (method === 'POST' && ticketMatch[2] === 'notes') {
      const note = String(body.note ?? '');
      if (!note) return { status: 400, json: { message: 'note is required' } };
      if (note.length > 1500) return { status: 400, json: { message: 'note exceeds 1500 characters' } };
      const noteId = String(sandbox.nextId());
      const createdDate = new Date().toISOString();
      sandbox.collection('bruin', 'notes')[noteId] = { id: noteId, ticketId: ticket.id, noteValue: note, createdDate };
      return { status: 200, json: { ticketNotes: [{ noteId: Number(noteId), noteValue: note, createdDate }] } };
    }
  }
  return undefined;
}
