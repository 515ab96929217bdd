import { Context } from '@temporalio/activity';
import { AUTOMATION_MARKER, MAX_NOTE_LENGTH } from '../../domain/outage';
import { createVendorHttp, type VendorHttp } from '../vendor-http';
import { invalidInput } from '../vendor-errors';
import {
  inventoryResponse, nextResultResponse, notesResponse, repairResponse, statusResponse, taskHistoryResponse, ticketDetailsResponse, ticketsPageResponse, ticketsResponse,
} from './schemas';

/** What Bruin answered to "create an outage ticket for this service number". */
export type CreateOutageTicketResult =
  | { outcome: 'created'; ticketId: string }
  | { outcome: 'in-progress-exists'; ticketId: string }
  | { outcome: 'resolved-exists'; ticketId: string };

export interface OutageTicket { ticketId: string; serviceNumber: string; status: 'New' | 'InProgress' | 'Draft' | 'Resolved' | 'Closed' }

/** One page of a client's open outage tickets, in ticket ID order; `nextCursor` is null on the last page. */
export interface OutageTicketPage { tickets: Array<OutageTicket & { clientId: string; createDate: string }>; nextCursor: string | null }

export interface TicketNote { noteId: string; noteValue: string | null; createdDate: string }

/** One task of a ticket's workflow in Bruin (what T7 predicts from). */
export interface TaskHistoryEntry { taskName: string; taskResult: string | null; createdDate: string; closedDate: string | null }

const OPEN_STATUSES = 'New,InProgress,Draft';
/** A retried note append looks for its own note written this long before its first attempt (clock skew). */
const NOTE_CLOCK_SKEW_MS = 5 * 60_000;

/** Bruin activity factory over a Bruin HTTP client (`bruin` queue). */
export function createBruinActivities(http: VendorHttp) {
  async function outageTickets(filter: { clientId?: string; serviceNumber?: string }, ticketStatus: string): Promise<OutageTicket[]> {
    if (!filter.clientId && !filter.serviceNumber) throw invalidInput('outage tickets: give "clientId" or "serviceNumber"');
    const { responses } = await http.call({
      method: 'GET', path: '/api/Ticket', endpoint: 'GET /api/Ticket', schema: ticketsResponse,
      params: { ...filter, ticketTopic: 'VOO', ticketStatus },
    });
    return responses.map((t) => ({ ticketId: String(t.ticketID), serviceNumber: t.serviceNumber, status: t.ticketStatus }));
  }

  async function notesOf(ticketId: string): Promise<TicketNote[]> {
    if (!/^\d+$/.test(ticketId)) throw invalidInput(`ticket notes: field "ticketId" must be a Bruin ticket number, got "${ticketId}"`);
    const { ticketNotes } = await http.call({ method: 'GET', path: `/api/Ticket/${ticketId}/details`, endpoint: 'GET ticket details', schema: ticketDetailsResponse });
    return ticketNotes.map((n) => ({ noteId: String(n.noteId), noteValue: n.noteValue, createdDate: n.createdDate }));
  }

  /** The inventory record of a service number: the active one when Bruin has several. */
  async function owner(serviceNumber: string) {
    const { documents } = await http.call({ method: 'GET', path: '/api/Inventory', endpoint: 'GET /api/Inventory', schema: inventoryResponse, params: { serviceNumber } });
    return documents.find((d) => d.status === 'A') ?? documents[0];
  }

  return {
    /** The Bruin client that owns a service number (edge serial), or null when none does. */
    async clientInfo({ serviceNumber }: { serviceNumber: string }): Promise<{ clientId: string; clientName: string } | null> {
      if (!serviceNumber) throw invalidInput('clientInfo: field "serviceNumber" is empty');
      const found = await owner(serviceNumber);
      return found ? { clientId: String(found.clientID), clientName: found.clientName } : null;
    },

    /** Bruin clients of many service numbers (customer cache refresh); serials no client owns are left out. */
    async clientsForSerials({ serialNumbers }: { serialNumbers: string[] }): Promise<Record<string, string>> {
      const owners: Record<string, string> = {};
      const queue = [...serialNumbers];
      // A few lookups in flight at once: Bruin's inventory API answers one serial per call.
      await Promise.all(Array.from({ length: Math.min(8, queue.length) }, async () => {
        for (let serial = queue.shift(); serial !== undefined; serial = queue.shift()) {
          const found = await owner(serial);
          if (found) owners[serial] = String(found.clientID);
          Context.current().heartbeat(serialNumbers.length - queue.length);
        }
      }));
      return owners;
    },

    /** Open (New/InProgress/Draft) outage tickets of a client, or of one service number. */
    async openOutageTickets({ clientId, serviceNumber }: { clientId?: string; serviceNumber?: string }): Promise<OutageTicket[]> {
      return outageTickets({ clientId, serviceNumber }, OPEN_STATUSES);
    },

    /**
     * One page of a client's open outage tickets. Pages are keyed by ticket ID (a cursor, not an
     * offset), so tickets resolved while a run pages through do not shift later pages.
     */
    async openOutageTicketsPage({ clientId, pageSize, cursor }: { clientId: string; pageSize: number; cursor?: string | null }): Promise<OutageTicketPage> {
      if (!clientId) throw invalidInput('openOutageTicketsPage: field "clientId" is empty');
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) throw invalidInput(`openOutageTicketsPage: field "pageSize" must be 1-500, got ${pageSize}`);
      const page = await http.call({
        method: 'GET', path: '/api/Ticket', endpoint: 'GET /api/Ticket (paged)', schema: ticketsPageResponse,
        params: { clientId, ticketTopic: 'VOO', ticketStatus: OPEN_STATUSES, pageSize, cursor: cursor ?? undefined },
      });
      return {
        tickets: page.responses.map((t) => ({ ticketId: String(t.ticketID), clientId: String(t.clientID), serviceNumber: t.serviceNumber, status: t.ticketStatus, createDate: t.createDate })),
        nextCursor: page.nextCursor,
      };
    },

    /** A client's outage tickets closed within [from, to), one page at a time (TNBA feedback). */
    async closedOutageTicketsPage({ clientId, from, to, pageSize, cursor }: { clientId: string; from: string; to: string; pageSize: number; cursor?: string | null }): Promise<OutageTicketPage> {
      if (!clientId) throw invalidInput('closedOutageTicketsPage: field "clientId" is empty');
      if (Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to)) || from >= to) throw invalidInput('closedOutageTicketsPage: fields "from"/"to" must be ISO instants with from < to');
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) throw invalidInput(`closedOutageTicketsPage: field "pageSize" must be 1-500, got ${pageSize}`);
      const page = await http.call({
        method: 'GET', path: '/api/Ticket', endpoint: 'GET /api/Ticket (closed, paged)', schema: ticketsPageResponse,
        params: { clientId, ticketTopic: 'VOO', ticketStatus: 'Closed', closedFrom: from, closedTo: to, pageSize, cursor: cursor ?? undefined },
      });
      return {
        tickets: page.responses.map((t) => ({ ticketId: String(t.ticketID), clientId: String(t.clientID), serviceNumber: t.serviceNumber, status: t.ticketStatus, createDate: t.createDate })),
        nextCursor: page.nextCursor,
      };
    },

    /** The ticket's task history, oldest first (T7's input). */
    async ticketTaskHistory({ ticketId }: { ticketId: string }): Promise<TaskHistoryEntry[]> {
      if (!/^\d+$/.test(ticketId)) throw invalidInput(`ticketTaskHistory: field "ticketId" must be a Bruin ticket number, got "${ticketId}"`);
      const { result } = await http.call({ method: 'GET', path: `/api/Ticket/${ticketId}/taskHistory`, endpoint: 'GET ticket task history', schema: taskHistoryResponse });
      return result.map((t) => ({ taskName: t.TaskName, taskResult: t.TaskResult ?? null, createdDate: t.CreatedDate, closedDate: t.ClosedDate ?? null }))
        .sort((a, b) => Date.parse(a.createdDate) - Date.parse(b.createdDate));
    },

    /** The ticket's current task and the results Bruin offers as its next step. */
    async nextActions({ ticketId, serviceNumber }: { ticketId: string; serviceNumber: string }): Promise<{ currentTask: string; offered: string[] }> {
      if (!/^\d+$/.test(ticketId) || !serviceNumber) throw invalidInput('nextActions: fields "ticketId" (a ticket number) and "serviceNumber" are required');
      const next = await http.call({ method: 'GET', path: `/api/Ticket/${ticketId}/nextresult`, endpoint: 'GET ticket next results', schema: nextResultResponse, params: { serviceNumber } });
      return { currentTask: next.currentTaskName, offered: next.nextResults.map((r) => r.resultName) };
    },

    /** A ticket's notes with their creation instants (triage reads when it last wrote). */
    async ticketNotes({ ticketId }: { ticketId: string }): Promise<TicketNote[]> {
      return notesOf(ticketId);
    },

    /** Resolved outage tickets of a client, or of one service number. */
    async resolvedOutageTickets({ clientId, serviceNumber }: { clientId?: string; serviceNumber?: string }): Promise<OutageTicket[]> {
      return outageTickets({ clientId, serviceNumber }, 'Resolved');
    },

    /**
     * Asks Bruin for an outage ticket. Bruin itself refuses a duplicate: it answers 409 when an
     * in-progress ticket exists and 471 when a resolved one does, with that ticket's ID.
     */
    async createOutageTicket({ clientId, serviceNumber }: { clientId: string; serviceNumber: string }): Promise<CreateOutageTicketResult> {
      const { assets } = await http.call({
        method: 'POST', path: '/api/Ticket/repair', endpoint: 'POST /api/Ticket/repair', schema: repairResponse,
        body: { ClientID: Number(clientId), Category: 'VOO', Services: [{ ServiceNumber: serviceNumber }] },
      });
      const asset = assets[0];
      const ticketId = String(asset.ticketId);
      switch (asset.errorCode) {
        case 0: return { outcome: 'created', ticketId };
        case 409: return { outcome: 'in-progress-exists', ticketId };
        case 471: return { outcome: 'resolved-exists', ticketId };
        default: throw invalidInput(`createOutageTicket: Bruin refused with errorCode ${asset.errorCode}: ${asset.errorMessage ?? ''}`);
      }
    },

    async resolveOutageTicket({ ticketId, serviceNumber }: { ticketId: string; serviceNumber: string }): Promise<void> {
      await http.call({ method: 'PUT', path: `/api/Ticket/${ticketId}/details/status`, endpoint: 'PUT ticket status', schema: statusResponse, body: { serviceNumber, status: 'R' } });
    },

    async unresolveOutageTicket({ ticketId, serviceNumber }: { ticketId: string; serviceNumber: string }): Promise<void> {
      await http.call({ method: 'PUT', path: `/api/Ticket/${ticketId}/details/status`, endpoint: 'PUT ticket status', schema: statusResponse, body: { serviceNumber, status: 'O' } });
    },

    /** Appends an automation note (must carry the marker, at most 1,500 characters). */
    async appendTicketNote({ ticketId, note }: { ticketId: string; note: string }): Promise<{ noteId: string; createdDate: string }> {
      if (!note.startsWith(AUTOMATION_MARKER)) throw invalidInput('appendTicketNote: field "note" must start with the automation marker');
      if (note.length > MAX_NOTE_LENGTH) throw invalidInput(`appendTicketNote: field "note" is ${note.length} characters; at most ${MAX_NOTE_LENGTH}`);
      const { attempt, scheduledTimestampMs } = Context.current().info;
      if (attempt > 1) {
        // A timed-out earlier attempt may have been written all the same: Bruin has no idempotency
        // key, so the note itself, written since this activity was first scheduled, is the evidence.
        const written = (await notesOf(ticketId)).find((n) => n.noteValue === note && Date.parse(n.createdDate) >= scheduledTimestampMs - NOTE_CLOCK_SKEW_MS);
        if (written) return { noteId: written.noteId, createdDate: written.createdDate };
      }
      const { ticketNotes } = await http.call({ method: 'POST', path: `/api/Ticket/${ticketId}/notes`, endpoint: 'POST ticket note', schema: notesResponse, body: { note } });
      return { noteId: String(ticketNotes[0].noteId), createdDate: ticketNotes[0].createdDate };
    },
  };
}
export type BruinActivities = ReturnType<typeof createBruinActivities>;

export const createBruinHttp = (config: { apiUrl: string; token: string }) =>
  createVendorHttp('bruin', config.apiUrl, { headers: { authorization: `Bearer ${config.token}` } });
