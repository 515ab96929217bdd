import { z } from 'zod';
import { DISPATCH_STATES } from './dispatches';

// The API's bodies and answers, checked by zod on the way in and documented from the same schemas
// (the OpenAPI document at /api/openapi.json). Rules that need the clock or Bruin (an appointment in
// the past, an unknown ticket) are checked by the service and answered in the same 400 shape.

export const vendor = z.enum(['lit', 'cts']).describe('lit or cts');
const date = z.string().describe('the appointment date at the site, YYYY-MM-DD');
const time = z.string().describe('the appointment time at the site, 24-hour HH:MM');
const timeZone = z.string().describe('the site time zone, IANA (America/New_York)');
const contactName = z.string().describe('the site contact who gets the SMS');
const contactPhone = z.string().describe('the site contact phone, a US number (+1 212-555-0100)');
const description = z.string().max(1000).describe('scope of work, at most 1,000 characters');

export const fieldError = z.object({ field: z.string(), reason: z.string() });
export const errorAnswer = z
  .object({ error: z.string(), fields: z.array(fieldError).optional() })
  .describe('what was wrong; for a 400, each field at fault with the reason');

export const loginBody = z.object({ username: z.string().max(64), password: z.string().max(256) });
export const loginAnswer = z.object({
  user: z.string(),
  role: z.enum(['viewer', 'dispatcher']),
  csrfToken: z.string().describe('send it as X-CSRF-Token with every change'),
});

export const createBody = z.object({
  vendor,
  ticketId: z.string().describe('the Bruin ticket the visit is for'),
  date,
  time,
  timeZone,
  contactName,
  contactPhone,
  description: description.default(''),
});
export const createHeaders = z.object({
  'idempotency-key': z
    .string()
    .describe('one per form: sending the same request again with it creates nothing new (8-100 of [A-Za-z0-9_-])'),
});
export const accepted = z.object({
  workflowId: z.string().describe('the Temporal workflow doing it (its history is the audit trail)'),
  vendor: vendor.optional(),
  reference: z.string().optional().describe("the portal's reference, IGZ-<10 hex>"),
  duplicate: z.boolean().optional().describe('true when this idempotency key had already created the dispatch'),
  location: z.string().optional(),
});

export const changeBody = z
  .strictObject({
    date: date.optional(),
    time: time.optional(),
    timeZone: timeZone.optional(),
    contactName: contactName.optional(),
    contactPhone: contactPhone.optional(),
    description: description.optional(),
  })
  .describe(
    'what changes: the appointment (date, time, timeZone together), the contact (name and phone), the description',
  );
export const changeHeaders = z.object({ 'idempotency-key': z.string().optional() });
export const cancelBody = z.object({ reason: z.string().describe('why, sent to the vendor (1-500 characters)') });

export const dispatchParams = z.object({ vendor, reference: z.string().describe('IGZ-<10 hex>') });
export const listQuery = z.object({
  vendor: vendor.optional(),
  state: z.enum(DISPATCH_STATES as [string, ...string[]]).optional(),
  ticketId: z.string().optional(),
});

export const dispatchSummary = z.object({
  vendor,
  reference: z.string(),
  ticketId: z.string(),
  dispatchNumber: z.string().optional().describe("the vendor's dispatch number, once it has it"),
  state: z.enum(DISPATCH_STATES as [string, ...string[]]),
  requestedBy: z.string().optional(),
  requestedAt: z.string(),
  workflowId: z.string(),
  timelineWorkflowId: z.string().optional(),
  failure: z.string().optional(),
});
export const dispatchDetail = dispatchSummary.extend({
  fields: z
    .looseObject({ date: z.string(), time: z.string(), timeZone: z.string(), vendorStatus: z.string() })
    .optional()
    .describe("the vendor's record as the form's fields"),
  fieldsUnavailable: z.string().optional(),
  timeline: z
    .object({
      phase: z.string(),
      confirmedAt: z.string().optional(),
      onSiteAt: z.string().optional(),
      cancelRequestedAt: z.string().optional(),
      reminders: z
        .record(z.string(), z.string())
        .describe('reminder-12h and reminder-2h: pending, sent, skipped or dropped'),
      nextReminder: z.object({ event: z.string(), at: z.string() }).optional(),
      log: z
        .array(z.object({ event: z.string(), at: z.string(), sms: z.string(), note: z.string() }))
        .describe('every event told: the SMS and the ticket note each got'),
      snapshot: z
        .object({
          dispatchNumber: z.string(),
          status: z.string(),
          vendorStatus: z.string(),
          appointment: z.string(),
          timeZone: z.string(),
          techName: z.string(),
        })
        .describe("the vendor's latest snapshot the timeline applied"),
    })
    .optional()
    .describe('the timeline: phase, reminders, next reminder, what was sent'),
});

export const ticketSiteAnswer = z.object({
  ticketId: z.number().int(),
  clientId: z.number().int(),
  clientName: z.string().nullable(),
  serviceNumber: z.string().nullable(),
  address: z
    .object({ street: z.string(), city: z.string(), state: z.string(), zip: z.string(), country: z.string() })
    .nullable(),
});
