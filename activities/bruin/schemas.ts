import { z } from 'zod';

/** Bruin response shapes, the fields the engine reads. */
export const inventoryResponse = z.object({
  documents: z.array(z.object({ clientID: z.number().int(), clientName: z.string(), serviceNumber: z.string(), status: z.string() })),
});

export const ticketStatus = z.enum(['New', 'InProgress', 'Draft', 'Resolved', 'Closed']);
export const ticketsResponse = z.object({
  responses: z.array(z.object({
    ticketID: z.number().int(), clientID: z.number().int(), serviceNumber: z.string(), category: z.string(),
    ticketStatus, createDate: z.string(),
  })),
});

export const repairResponse = z.object({
  assets: z.array(z.object({ serviceNumber: z.string(), ticketId: z.number().int(), errorCode: z.number().int(), errorMessage: z.string().optional() })).min(1),
});

export const statusResponse = z.object({ ticketID: z.number().int(), ticketStatus });
export const notesResponse = z.object({ ticketNotes: z.array(z.object({ noteId: z.number().int(), createdDate: z.string() })).min(1) });
