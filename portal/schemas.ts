import { z } from 'zod';
import { DISPATCH_FIELD_RULES as rules, DISPATCH_REFERENCE, NOTE_OUTCOMES, SMS_OUTCOMES } from '../domain/dispatch';
import { DISPATCH_STATES, IDEMPOTENCY_KEY } from './dispatches';
import { ticketSiteResponse } from '../activities/bruin/schemas';

// The API's bodies and answers, checked by zod on the way in and documented from the same schemas
// (the OpenAPI document at /api/openapi.json), with the domain's own patterns: what the document calls
// valid the server never answers 400. Rules that need the clock or Bruin (an appointment in the past,
// an unknown ticket) are checked by the service and answered 422 in the same shape.

/** A string field held to one of the domain's rules: its pattern in the document, its reason in a 400. */
const ruled = (rule: { pattern: RegExp; reason: string }) => z.string().regex(rule.pattern, rule.reason);

export const vendor = z.enum(['lit', 'cts']).describe('lit or cts');
const ticketId = ruled(rules.ticketId).describe('the Bruin ticket the visit is for (4-12 digits)');
const date = ruled(rules.date).describe('the appointment date at the site, YYYY-MM-DD');
const time = ruled(rules.time).describe('the appointment time at the site, 24-hour HH:MM');
const timeZone = ruled(rules.timeZone).describe('the site time zone, IANA (America/New_York); an unknown one is a 422');
const contactName = ruled(rules.contactName).describe("the site contact who gets the SMS: 1-80 letters, spaces, .'-");
const contactPhone = ruled(rules.contactPhone).describe('the site contact phone, a US number (+1 212-555-0100)');
const description = z
  .string()
  .max(rules.description.maxLength, rules.description.reason)
  .describe('scope of work, at most 1,000 characters');

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
  ticketId,
  date,
  time,
  timeZone,
  contactName,
  contactPhone,
  description: description.default(''),
});
export const createHeaders = z.object({
  'idempotency-key': ruled(IDEMPOTENCY_KEY).describe(
    'one per form: sending the same request again with it creates nothing new (8-100 of [A-Za-z0-9_-])',
  ),
});
export const accepted = z.object({
  workflowId: z.string().describe('the Temporal workflow doing it (its history is the audit trail)'),
  vendor: vendor.optional(),
  reference: z.string().optional().describe("the portal's reference, IGZ-<10 hex>"),
  duplicate: z.boolean().optional().describe('true when this idempotency key had already created the dispatch'),
  location: z.string().optional(),
});

/** Fields that change only together: a new appointment is all three, a new contact both. */
const TOGETHER = [
  ['date', 'time', 'timeZone'],
  ['contactName', 'contactPhone'],
] as const;

export const changeBody = z
  .strictObject({
    date: date.optional(),
    time: time.optional(),
    timeZone: timeZone.optional(),
    contactName: contactName.optional(),
    contactPhone: contactPhone.optional(),
    description: description.optional(),
  })
  .superRefine((change, ctx) => {
    if (Object.keys(change).length === 0)
      ctx.addIssue({ code: 'custom', path: ['body'], message: 'nothing to change' });
    for (const group of TOGETHER) {
      const missing = group.filter((f) => change[f] === undefined);
      if (missing.length > 0 && missing.length < group.length)
        ctx.addIssue({ code: 'custom', path: [group[0]], message: `${group.join(', ')} change together` });
    }
  })
  // The refinement above, as JSON Schema says it (zod cannot write a refinement into the document).
  .meta({
    minProperties: 1,
    allOf: TOGETHER.map((group) => ({
      anyOf: [{ required: [...group] }, { not: { anyOf: group.map((f) => ({ required: [f] })) } }],
    })),
  })
  .describe(
    'what changes: the appointment (date, time, timeZone together), the contact (name and phone), the description',
  );
export const changeHeaders = z.object({
  'idempotency-key': ruled(IDEMPOTENCY_KEY)
    .optional()
    .describe('sending the same change again with it changes nothing twice'),
});
export const cancelBody = z.object({
  reason: z
    .string()
    .min(1, 'must be 1-500 characters')
    .max(500, 'must be 1-500 characters')
    .regex(/\S/, 'must be more than spaces')
    .describe('why, sent to the vendor (1-500 characters, not only spaces)'),
});

export const dispatchParams = z.object({
  vendor,
  reference: z.string().regex(DISPATCH_REFERENCE, 'must be IGZ- and 10 hex digits').describe('IGZ-<10 hex>'),
});
export const ticketParams = z.object({ ticketId: ruled(rules.ticketId) });
export const listQuery = z.object({
  vendor: vendor.optional(),
  state: z.enum(DISPATCH_STATES as [string, ...string[]]).optional(),
  ticketId: ruled(rules.ticketId).optional(),
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
        .array(
          z.object({
            event: z.string(),
            recipient: z
              .enum(['technician'])
              .optional()
              .describe("the technician's own line (their SMS); absent: the site contact's SMS and the ticket note"),
            at: z.string(),
            sms: z
              .enum(SMS_OUTCOMES)
              .describe(
                'sent (already-sent: an earlier try had), failed (Twilio refused it), owed (Twilio did not take it yet: tried again every 2 minutes), too-late (owed until it no longer told anything: the visit passed or a later text replaced it), none, intended (a dry run)',
              ),
            note: z
              .enum(NOTE_OUTCOMES)
              .describe(
                'written (already-there: found on the ticket), failed (Bruin refused it), owed (Bruin did not take it yet: tried again every 2 minutes), none (a technician line), intended (a dry run)',
              ),
          }),
        )
        .describe('every event told: the SMS and the ticket note each got, one line per recipient'),
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

/** A ticket's site, as Bruin answers it (the portal passes it through). */
export const ticketSiteAnswer = ticketSiteResponse;
