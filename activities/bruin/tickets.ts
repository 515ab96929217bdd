import { log } from '@temporalio/activity';
import type { z } from 'zod';
import type { VendorHttp } from '../vendor-http';
import { invalidInput } from '../vendor-errors';
import { resumableEach } from '../resumable';
import { reportBusinessEvent } from '../business-events';
import {
  nextResultResponse,
  repairResponse,
  statusResponse,
  taskHistoryResponse,
  ticketsPageResponse,
  ticketsResponse,
} from './schemas';
import type { CreateOutageTicketResult, OutageTicket, OutageTicketPage, TaskHistoryEntry } from './types';

const OPEN_STATUSES = 'New,InProgress,Draft';

/** Bruin's ticket categories the engine opens: VOO (outage), VAS (service affecting). */
export type TicketTopic = 'VOO' | 'VAS';

function checkPageSize(activity: string, pageSize: number): void {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500)
    throw invalidInput(`${activity}: field "pageSize" must be 1-500, got ${pageSize}`);
}

/**
 * One page over several ticket categories, as one listing in ticket-ID order: each category is read
 * after the same cursor, the answers merged, the first `pageSize` kept; the next cursor is the last
 * kept ID while any category has more. (Bruin lists one category per query.)
 */
export async function mergedPage(
  topics: readonly string[],
  pageSize: number,
  read: (topic: string) => Promise<OutageTicketPage>,
): Promise<OutageTicketPage> {
  if (topics.length === 1) return read(topics[0]);
  const pages = await Promise.all(topics.map(read));
  const merged = pages.flatMap((p) => p.tickets).sort((a, b) => Number(a.ticketId) - Number(b.ticketId));
  const tickets = merged.slice(0, pageSize);
  const more = merged.length > pageSize || pages.some((p) => p.nextCursor !== null);
  return {
    tickets,
    nextCursor: more && tickets.length > 0 ? tickets[tickets.length - 1].ticketId : null,
    discards: pages.flatMap((p) => p.discards ?? []),
  };
}

/** One page of Bruin's ticket listing as the engine's ticket page. */
const ticketPage = (page: z.infer<typeof ticketsPageResponse>): OutageTicketPage => {
  for (const bad of page.responses.invalid)
    log.warn('malformed ticket discarded; the page goes on', { ticketId: bad.item, reason: bad.reason });
  return {
    tickets: page.responses.valid.map((t) => ({
      ticketId: String(t.ticketID),
      clientId: String(t.clientID),
      serviceNumber: t.serviceNumber,
      status: t.ticketStatus,
      createDate: t.createDate,
    })),
    nextCursor: page.nextCursor,
    discards: page.responses.invalid.map((bad) => ({ ticketId: bad.item, reason: bad.reason })),
  };
};

/** Outage tickets: find (open, resolved, closed; paged), create, resolve and unresolve; task history and next results. */
export function createBruinTicketActivities(http: VendorHttp) {
  async function outageTickets(
    filter: { clientId?: string; serviceNumber?: string },
    ticketStatus: string,
    topic: TicketTopic = 'VOO',
  ): Promise<OutageTicket[]> {
    if (!filter.clientId && !filter.serviceNumber)
      throw invalidInput(`${topic} tickets: give "clientId" or "serviceNumber"`);
    const { responses } = await http.call({
      method: 'GET',
      path: '/api/Ticket',
      endpoint: 'GET /api/Ticket',
      schema: ticketsResponse,
      params: { ...filter, ticketTopic: topic, ticketStatus },
    });
    return responses.map((t) => ({
      ticketId: String(t.ticketID),
      serviceNumber: t.serviceNumber,
      status: t.ticketStatus,
      createDate: t.createDate,
    }));
  }

  async function createTicket(
    category: TicketTopic,
    { clientId, serviceNumber }: { clientId: string; serviceNumber: string },
  ): Promise<CreateOutageTicketResult> {
    const { assets } = await http.call({
      method: 'POST',
      path: '/api/Ticket/repair',
      endpoint: 'POST /api/Ticket/repair',
      schema: repairResponse,
      body: { ClientID: Number(clientId), Category: category, Services: [{ ServiceNumber: serviceNumber }] },
    });
    const asset = assets[0];
    const ticketId = String(asset.ticketId);
    const outcome = ({ 0: 'created', 409: 'in-progress-exists', 471: 'resolved-exists' } as const)[
      asset.errorCode as 0 | 409 | 471
    ];
    switch (outcome) {
      case 'created':
      case 'in-progress-exists':
      case 'resolved-exists':
        reportBusinessEvent({ kind: 'ticket', category, outcome });
        return { outcome, ticketId };
      default:
        throw invalidInput(
          `create ${category} ticket: Bruin refused with errorCode ${asset.errorCode}: ${asset.errorMessage ?? ''}`,
        );
    }
  }

  async function setStatus(ticketId: string, serviceNumber: string, status: 'R' | 'O'): Promise<void> {
    await http.call({
      method: 'PUT',
      path: `/api/Ticket/${ticketId}/details/status`,
      endpoint: 'PUT ticket status',
      schema: statusResponse,
      body: { serviceNumber, status },
    });
    reportBusinessEvent({ kind: 'ticket-status', status: status === 'R' ? 'resolved' : 'reopened' });
  }

  /** Open tickets of a topic for each client's serials, one Bruin query per client, resumed after a crash. */
  async function openTicketsOf(
    activity: string,
    topic: TicketTopic,
    clients: Array<{ clientId: string; serialNumbers: string[] }>,
  ): Promise<OutageTicket[]> {
    const perClient = await resumableEach(
      activity,
      clients,
      (c) => c.clientId,
      async ({ clientId, serialNumbers }) => {
        const wanted = new Set(serialNumbers);
        return (await outageTickets({ clientId }, OPEN_STATUSES, topic)).filter((t) => wanted.has(t.serviceNumber));
      },
    );
    return perClient.flatMap(({ result }) => result);
  }

  return {
    /** Open (New/InProgress/Draft) outage tickets of a client, or of one service number. */
    async openOutageTickets({
      clientId,
      serviceNumber,
    }: {
      clientId?: string;
      serviceNumber?: string;
    }): Promise<OutageTicket[]> {
      return outageTickets({ clientId, serviceNumber }, OPEN_STATUSES);
    },

    /**
     * One page of a client's open outage tickets. Pages are keyed by ticket ID (a cursor, not an
     * offset), so tickets resolved while a run pages through do not shift later pages.
     */
    async openOutageTicketsPage({
      clientId,
      pageSize,
      cursor,
      topics = ['VOO'],
    }: {
      clientId: string;
      pageSize: number;
      cursor?: string | null;
      /** Ticket categories listed together, in ticket-ID order (TNBA reads VOO and VAS). */
      topics?: TicketTopic[];
    }): Promise<OutageTicketPage> {
      if (!clientId) throw invalidInput('openOutageTicketsPage: field "clientId" is empty');
      checkPageSize('openOutageTicketsPage', pageSize);
      return mergedPage(topics, pageSize, async (ticketTopic) =>
        ticketPage(
          await http.call({
            method: 'GET',
            path: '/api/Ticket',
            endpoint: 'GET /api/Ticket (paged)',
            schema: ticketsPageResponse,
            params: { clientId, ticketTopic, ticketStatus: OPEN_STATUSES, pageSize, cursor: cursor ?? undefined },
          }),
        ),
      );
    },

    /** A client's outage tickets closed within [from, to), one page at a time (TNBA feedback). */
    async closedOutageTicketsPage({
      clientId,
      from,
      to,
      pageSize,
      cursor,
      topics = ['VOO'],
    }: {
      clientId: string;
      from: string;
      to: string;
      pageSize: number;
      cursor?: string | null;
      topics?: TicketTopic[];
    }): Promise<OutageTicketPage> {
      if (!clientId) throw invalidInput('closedOutageTicketsPage: field "clientId" is empty');
      if (Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to)) || from >= to)
        throw invalidInput('closedOutageTicketsPage: fields "from"/"to" must be ISO instants with from < to');
      checkPageSize('closedOutageTicketsPage', pageSize);
      return mergedPage(topics, pageSize, async (ticketTopic) =>
        ticketPage(
          await http.call({
            method: 'GET',
            path: '/api/Ticket',
            endpoint: 'GET /api/Ticket (closed, paged)',
            schema: ticketsPageResponse,
            params: {
              clientId,
              ticketTopic,
              ticketStatus: 'Closed',
              closedFrom: from,
              closedTo: to,
              pageSize,
              cursor: cursor ?? undefined,
            },
          }),
        ),
      );
    },

    /** The ticket's task history, oldest first (T7's input). */
    async ticketTaskHistory({ ticketId }: { ticketId: string }): Promise<TaskHistoryEntry[]> {
      if (!/^\d+$/.test(ticketId))
        throw invalidInput(`ticketTaskHistory: field "ticketId" must be a Bruin ticket number, got "${ticketId}"`);
      const { result } = await http.call({
        method: 'GET',
        path: `/api/Ticket/${ticketId}/taskHistory`,
        endpoint: 'GET ticket task history',
        schema: taskHistoryResponse,
      });
      return result
        .map((t) => ({
          taskName: t.TaskName,
          taskResult: t.TaskResult ?? null,
          createdDate: t.CreatedDate,
          closedDate: t.ClosedDate ?? null,
        }))
        .sort((a, b) => Date.parse(a.createdDate) - Date.parse(b.createdDate));
    },

    /** The ticket's current task and the results Bruin offers as its next step. */
    async nextActions({
      ticketId,
      serviceNumber,
    }: {
      ticketId: string;
      serviceNumber: string;
    }): Promise<{ currentTask: string; offered: string[] }> {
      if (!/^\d+$/.test(ticketId) || !serviceNumber)
        throw invalidInput('nextActions: fields "ticketId" (a ticket number) and "serviceNumber" are required');
      const next = await http.call({
        method: 'GET',
        path: `/api/Ticket/${ticketId}/nextresult`,
        endpoint: 'GET ticket next results',
        schema: nextResultResponse,
        params: { serviceNumber },
      });
      return { currentTask: next.currentTaskName, offered: next.nextResults.map((r) => r.resultName) };
    },

    /** Resolved outage tickets of a client, or of one service number. */
    async resolvedOutageTickets({
      clientId,
      serviceNumber,
    }: {
      clientId?: string;
      serviceNumber?: string;
    }): Promise<OutageTicket[]> {
      return outageTickets({ clientId, serviceNumber }, 'Resolved');
    },

    /**
     * Asks Bruin for an outage ticket. Bruin itself refuses a duplicate: it answers 409 when an
     * in-progress ticket exists and 471 when a resolved one does, with that ticket's ID.
     */
    async createOutageTicket(args: { clientId: string; serviceNumber: string }): Promise<CreateOutageTicketResult> {
      return createTicket('VOO', args);
    },

    /**
     * The open VAS tickets of these edges (serials per client): one Bruin query per client, in one
     * heartbeating activity (resumed after a crash), so a scan of hundreds of clients costs a few
     * activities, not hundreds. Only tickets of the given serials come back.
     */
    async openVasTicketsOf({
      clients,
    }: {
      clients: Array<{ clientId: string; serialNumbers: string[] }>;
    }): Promise<OutageTicket[]> {
      return openTicketsOf('openVasTicketsOf', 'VAS', clients);
    },

    /**
     * The open outage (VOO) tickets of the given serials of many clients, in one heartbeating activity: an
     * outage cycle resolving recovered edges asks once per batch of clients, not once per client.
     */
    async openOutageTicketsOf({
      clients,
    }: {
      clients: Array<{ clientId: string; serialNumbers: string[] }>;
    }): Promise<OutageTicket[]> {
      return openTicketsOf('openOutageTicketsOf', 'VOO', clients);
    },

    /** Asks Bruin for a service-affecting (VAS) ticket; duplicates are refused as for outage tickets. */
    async createVasTicket(args: { clientId: string; serviceNumber: string }): Promise<CreateOutageTicketResult> {
      return createTicket('VAS', args);
    },

    /** Resolves a ticket (outage or VAS: the same Bruin call). */
    async resolveOutageTicket({ ticketId, serviceNumber }: { ticketId: string; serviceNumber: string }): Promise<void> {
      await setStatus(ticketId, serviceNumber, 'R');
    },

    /** Reopens a resolved ticket (outage or VAS). */
    async unresolveOutageTicket({
      ticketId,
      serviceNumber,
    }: {
      ticketId: string;
      serviceNumber: string;
    }): Promise<void> {
      await setStatus(ticketId, serviceNumber, 'O');
    },
  };
}
