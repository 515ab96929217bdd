import { z } from 'zod';
import { eachValid } from '../vendor-lists';

/** Bruin response shapes, the fields the engine reads. */
export const inventoryResponse = z.object({
  documents: z.array(
    z.object({ clientID: z.number().int(), clientName: z.string(), serviceNumber: z.string(), status: z.string() }),
  ),
});

/** A ticket's site (`GET /api/Ticket/{id}/site`; the seed's `GET /bruin/ticket_address/{ticket_id}`). */
export const ticketSiteResponse = z.object({
  ticketId: z.number().int(),
  clientId: z.number().int(),
  clientName: z.string().nullable(),
  serviceNumber: z.string().nullable(),
  address: z
    .object({ street: z.string(), city: z.string(), state: z.string(), zip: z.string(), country: z.string() })
    .nullable(),
});
export type TicketSite = z.infer<typeof ticketSiteResponse>;

export const ticketStatus = z.enum(['New', 'InProgress', 'Draft', 'Resolved', 'Closed']);
const ticket = z.object({
  ticketID: z.number().int(),
  clientID: z.number().int(),
  serviceNumber: z.string(),
  category: z.string(),
  ticketStatus,
  createDate: z.string(),
  closeDate: z.string().optional(),
});
export const ticketsResponse = z.object({ responses: z.array(ticket) });

/** A page of tickets, each checked on its own: a malformed ticket is discarded with its reason, not the page. */
export const ticketsPageResponse = z.object({
  responses: eachValid(ticket, (raw) => raw.ticketID),
  nextCursor: z.string().nullable(),
});

const instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'is not a date-time');
export const ticketDetailsResponse = z.object({
  ticketDetails: z.array(
    z.object({ detailID: z.number().int(), detailValue: z.string(), detailStatus: z.string().optional() }),
  ),
  // Bruin keeps notes whose text was deleted, with a null value.
  ticketNotes: z.array(z.object({ noteId: z.number().int(), noteValue: z.string().nullable(), createdDate: instant })),
});

export const repairResponse = z.object({
  assets: z
    .array(
      z.object({
        serviceNumber: z.string(),
        ticketId: z.number().int(),
        errorCode: z.number().int(),
        errorMessage: z.string().optional(),
      }),
    )
    .min(1),
});

export const statusResponse = z.object({ ticketID: z.number().int(), ticketStatus });
export const notesResponse = z.object({
  ticketNotes: z.array(z.object({ noteId: z.number().int(), createdDate: z.string() })).min(1),
});

export const taskHistoryResponse = z.object({
  result: z.array(
    z.object({
      TaskName: z.string(),
      TaskResult: z.string().nullable().optional(),
      CreatedDate: instant,
      ClosedDate: instant.nullable().optional(),
    }),
  ),
});
export const nextResultResponse = z.object({
  currentTaskName: z.string(),
  nextResults: z.array(z.object({ resultTypeId: z.number().int(), resultName: z.string().min(1) })),
});
