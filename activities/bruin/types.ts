// What the Bruin activities return: tickets, notes and task histories as the engine sees them.

/** What Bruin answered to "create an outage ticket for this service number". */
export type CreateOutageTicketResult =
  | { outcome: 'created'; ticketId: string }
  | { outcome: 'in-progress-exists'; ticketId: string }
  | { outcome: 'resolved-exists'; ticketId: string };

export interface OutageTicket {
  ticketId: string;
  serviceNumber: string;
  status: 'New' | 'InProgress' | 'Draft' | 'Resolved' | 'Closed';
  /** When Bruin opened it (ISO instant). */
  createDate?: string;
}

/** One page of a client's open outage tickets, in ticket ID order; `nextCursor` is null on the last page. */
export interface OutageTicketPage {
  /** Tickets Bruin sent malformed on this page, each with the reason: left out, the rest go on. */
  discards?: Array<{ ticketId: string; reason: string }>;
  tickets: Array<OutageTicket & { clientId: string; createDate: string }>;
  nextCursor: string | null;
}

export interface TicketNote {
  noteId: string;
  noteValue: string | null;
  createdDate: string;
}

/** One task of a ticket's workflow in Bruin (what T7 predicts from). */
export interface TaskHistoryEntry {
  taskName: string;
  taskResult: string | null;
  createdDate: string;
  closedDate: string | null;
}
