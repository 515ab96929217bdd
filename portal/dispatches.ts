import { createHash, randomBytes } from 'node:crypto';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  type Client,
  type WorkflowExecutionDescription,
  type WorkflowExecutionInfo,
} from '@temporalio/client';
import {
  checkDispatchChange,
  checkDispatchRequest,
  DISPATCH_REFERENCE,
  TICKET_ID,
  type DispatchChange,
  type DispatchRequestForm,
  type DispatchVendor,
  type FieldError,
} from '../domain/dispatch';
import { SearchAttr } from '../domain/search-attributes';
import { ORCHESTRATION_QUEUE } from '../domain/task-queues';
import {
  dispatchChangeWorkflowId,
  dispatchRequestWorkflowId,
  dispatchWorkflowId,
  parseDispatchRequestWorkflowId,
} from '../domain/workflow-ids';
import {
  cancelRequested,
  DISPATCH_CHANGE,
  DISPATCH_REQUEST,
  timelineQuery,
  type DispatchChangeInput,
  type DispatchRequestInput,
  type DispatchRequestResult,
  type PortalActor,
  type TimelineView,
} from '../workflows/dispatch/api';
import { VendorReadError, type VendorReads } from './vendor-reads';

/** What a portal action could not do, as the API answers it: status, reason, and the fields at fault. */
export class PortalError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 422 | 503,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

/**
 * Where a portal dispatch stands: pending at the vendor while its request workflow runs, failed when
 * the vendor refused it, else its timeline's phase (a cancel request shows until the vendor confirms).
 */
export type DispatchState =
  | 'pending-at-vendor'
  | 'request-failed'
  | 'requested'
  | 'confirmed'
  | 'tech-on-site'
  | 'cancel-requested'
  | 'cancelled'
  | 'completed';
export const DISPATCH_STATES: readonly DispatchState[] = [
  'pending-at-vendor',
  'request-failed',
  'requested',
  'confirmed',
  'tech-on-site',
  'cancel-requested',
  'cancelled',
  'completed',
];

export interface DispatchSummary {
  vendor: DispatchVendor;
  reference: string;
  ticketId: string;
  dispatchNumber?: string;
  state: DispatchState;
  requestedBy?: string;
  requestedAt: string;
  /** The request's workflow: its history says who asked and what the vendor answered. */
  workflowId: string;
  timelineWorkflowId?: string;
  /** Why the request failed, when it did. */
  failure?: string;
}

export interface DispatchDetail extends DispatchSummary {
  /** The vendor's record as the form's fields (absent while pending or when the vendor cannot be read). */
  fields?: Omit<DispatchRequestForm, 'vendor'> & { vendorStatus: string };
  fieldsUnavailable?: string;
  timeline?: TimelineView;
}

export interface DispatchSettings {
  ctsTimeZone: string;
  completeAfterHours: number;
  cancelEmails: Record<DispatchVendor, string>;
}

/** The portal's reference for a request: the same user sending the same form key gets the same one. */
export function dispatchReference(user: string, idempotencyKey: string): string {
  return `IGZ-${createHash('sha256').update(`${user}\0${idempotencyKey}`).digest('hex').slice(0, 10)}`;
}

const changeKey = (user: string, idempotencyKey: string | undefined) =>
  createHash('sha256')
    .update(`${user}\0${idempotencyKey ?? randomBytes(16).toString('hex')}`)
    .digest('hex')
    .slice(0, 10);

/** An Idempotency-Key: the pattern the service and the API's schemas check, and the reason they give. */
export const IDEMPOTENCY_KEY = {
  pattern: /^[A-Za-z0-9_-]{8,100}$/,
  reason: 'must be 8-100 characters of [A-Za-z0-9_-], one per form',
} as const;
const FINISHED: readonly DispatchState[] = ['cancelled', 'completed', 'request-failed'];

/**
 * The portal's dispatches, kept in Temporal: each is a `dispatchRequest` execution (visibility lists them
 * by vendor and ticket) and, once the vendor took it, the timeline it started (queried for its phase).
 * Every change is a workflow start or a signal carrying the acting user.
 */
export function createDispatchService(deps: {
  client: Client;
  reads: VendorReads;
  settings: DispatchSettings;
  now?: () => number;
}) {
  const { client, reads, settings } = deps;
  const now = deps.now ?? Date.now;

  async function summarize(
    info: Pick<WorkflowExecutionInfo, 'workflowId' | 'typedSearchAttributes' | 'memo' | 'startTime' | 'status'>,
  ): Promise<{ summary: DispatchSummary; timeline?: TimelineView } | undefined> {
    const id = parseDispatchRequestWorkflowId(info.workflowId);
    if (!id) return undefined;
    const attrs = info.typedSearchAttributes;
    const summary: DispatchSummary = {
      vendor: id.vendor,
      reference: id.reference,
      ticketId: attrs.get(SearchAttr.TicketId) ?? '',
      dispatchNumber: attrs.get(SearchAttr.DispatchNumber),
      state: 'pending-at-vendor',
      requestedBy: typeof info.memo?.requestedBy === 'string' ? info.memo.requestedBy : undefined,
      requestedAt: info.startTime.toISOString(),
      workflowId: info.workflowId,
    };
    if (info.status.name === 'RUNNING') return { summary };
    if (info.status.name !== 'COMPLETED') {
      summary.state = 'request-failed';
      summary.failure = await requestFailure(info.workflowId);
      return { summary };
    }
    if (!summary.dispatchNumber) return { summary };
    summary.timelineWorkflowId = dispatchWorkflowId(id.vendor, summary.dispatchNumber);
    const timeline = await timelineOf(summary.timelineWorkflowId);
    if (timeline) summary.state = stateOf(timeline);
    return { summary, timeline };
  }

  async function requestFailure(workflowId: string): Promise<string> {
    try {
      await client.workflow.getHandle(workflowId).result();
      return 'unknown';
    } catch (err) {
      // The innermost cause says what the vendor answered (e.g. "cts POST Service__c answered 400: ...").
      let cause: unknown = err;
      while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
      return cause instanceof Error ? cause.message : String(cause);
    }
  }

  async function timelineOf(workflowId: string): Promise<TimelineView | undefined> {
    try {
      return await client.workflow.getHandle(workflowId).query(timelineQuery);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  }

  const stateOf = (t: TimelineView): DispatchState =>
    t.cancelRequestedAt && t.phase !== 'cancelled' && t.phase !== 'completed' ? 'cancel-requested' : t.phase;

  /** One portal dispatch as Temporal knows it: its summary, its timeline, and the request's result once done. */
  async function lookup(vendor: DispatchVendor, reference: string) {
    if (!DISPATCH_REFERENCE.test(reference) || (vendor !== 'lit' && vendor !== 'cts'))
      throw new PortalError(404, `no ${vendor} dispatch ${reference}`);
    const handle = client.workflow.getHandle(dispatchRequestWorkflowId(vendor, reference));
    let info: WorkflowExecutionDescription;
    try {
      info = await handle.describe();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError)
        throw new PortalError(404, `no ${vendor.toUpperCase()} dispatch ${reference}`);
      throw err;
    }
    const { summary, timeline } = (await summarize(info))!;
    const result = info.status.name === 'COMPLETED' ? ((await handle.result()) as DispatchRequestResult) : undefined;
    return { summary, timeline, result };
  }

  /** The dispatch's page: what Temporal knows, and the vendor's record read now. */
  async function detail(vendor: DispatchVendor, reference: string): Promise<DispatchDetail> {
    const { summary, timeline, result } = await lookup(vendor, reference);
    const view: DispatchDetail = { ...summary, ...(timeline ? { timeline } : {}) };
    if (result) {
      try {
        view.fields = await reads.dispatchFields(vendor, result.vendorId);
      } catch (err) {
        if (!(err instanceof VendorReadError)) throw err;
        view.fieldsUnavailable = err.message;
      }
    }
    return view;
  }

  /** A change needs a dispatch the vendor took and whose timeline still runs (no vendor read: the workflow reads it). */
  async function changeable(vendor: DispatchVendor, reference: string) {
    const { summary, result } = await lookup(vendor, reference);
    if (FINISHED.includes(summary.state))
      throw new PortalError(409, `dispatch ${reference} is ${summary.state}: it can no longer change`);
    if (!result)
      throw new PortalError(
        409,
        `dispatch ${reference} is still pending at ${vendor.toUpperCase()}: change it once the vendor has it`,
      );
    return { result };
  }

  return {
    /** Portal dispatches, newest first, filtered by vendor, ticket (visibility) and state (computed). */
    async list(filter: { vendor?: DispatchVendor; ticketId?: string; state?: DispatchState; limit?: number }) {
      const clauses = [`WorkflowType = '${DISPATCH_REQUEST}'`];
      if (filter.vendor) clauses.push(`${SearchAttr.Vendor.name} = '${filter.vendor}'`);
      if (filter.ticketId) {
        if (!TICKET_ID.test(filter.ticketId))
          throw new PortalError(400, 'invalid filter', [
            { field: 'ticketId', reason: 'must be a Bruin ticket ID (digits)' },
          ]);
        clauses.push(`${SearchAttr.TicketId.name} = '${filter.ticketId}'`);
      }
      const limit = filter.limit ?? 100;
      const infos: WorkflowExecutionInfo[] = [];
      for await (const info of client.workflow.list({ query: clauses.join(' AND '), pageSize: limit })) {
        infos.push(info);
        if (infos.length >= limit) break;
      }
      const summaries = (await Promise.all(infos.map(summarize))).flatMap((s) => (s ? [s.summary] : []));
      return summaries.filter((s) => !filter.state || s.state === filter.state);
    },

    detail,

    /** A new dispatch: checked, the ticket looked up, then its request workflow started once per form key. */
    async create(form: DispatchRequestForm, actor: PortalActor, idempotencyKey: string) {
      if (!IDEMPOTENCY_KEY.pattern.test(idempotencyKey))
        throw new PortalError(400, 'invalid request', [{ field: 'idempotencyKey', reason: IDEMPOTENCY_KEY.reason }]);
      // Past the API's schema only the rules it cannot state are left (the appointment ahead, the ticket known).
      const checked = checkDispatchRequest(form, now());
      if (!checked.ok) throw new PortalError(422, 'invalid request', checked.errors);
      await ticketSite(form.ticketId, 'field');
      const reference = dispatchReference(actor.user, idempotencyKey);
      const workflowId = dispatchRequestWorkflowId(form.vendor, reference);
      const input: DispatchRequestInput = {
        reference,
        form: checked.value,
        requestedBy: actor,
        ctsTimeZone: settings.ctsTimeZone,
        completeAfterHours: settings.completeAfterHours,
        cancelEmail: settings.cancelEmails[form.vendor],
      };
      try {
        await client.workflow.start(DISPATCH_REQUEST, {
          workflowId,
          taskQueue: ORCHESTRATION_QUEUE,
          args: [input],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          // IDs only in search attributes (not encrypted); the user is in the (encrypted) memo and input.
          typedSearchAttributes: [
            { key: SearchAttr.Vendor, value: form.vendor },
            { key: SearchAttr.TicketId, value: form.ticketId },
          ],
          memo: { requestedBy: actor.user },
          staticSummary: `${form.vendor.toUpperCase()} dispatch ${reference} for ticket ${form.ticketId}, requested by ${actor.user}`,
        });
        return { vendor: form.vendor, reference, workflowId, duplicate: false };
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError)
          return { vendor: form.vendor, reference, workflowId, duplicate: true };
        throw err;
      }
    },

    /** A change to the appointment, contact or description, as a `dispatchChange` workflow. */
    async change(
      vendor: DispatchVendor,
      reference: string,
      change: DispatchChange,
      actor: PortalActor,
      idempotencyKey?: string,
    ) {
      if (Object.keys(change).length === 0)
        throw new PortalError(400, 'invalid request', [{ field: 'body', reason: 'nothing to change' }]);
      const checked = checkDispatchChange(change, now());
      if (!checked.ok) throw new PortalError(422, 'invalid request', checked.errors);
      const { result } = await changeable(vendor, reference);
      const workflowId = dispatchChangeWorkflowId(vendor, reference, changeKey(actor.user, idempotencyKey));
      const input: DispatchChangeInput = {
        vendor,
        reference,
        vendorId: result.vendorId,
        change: checked.value,
        requestedBy: actor,
        ctsTimeZone: settings.ctsTimeZone,
      };
      try {
        await client.workflow.start(DISPATCH_CHANGE, {
          workflowId,
          taskQueue: ORCHESTRATION_QUEUE,
          args: [input],
          typedSearchAttributes: [
            { key: SearchAttr.Vendor, value: vendor },
            { key: SearchAttr.DispatchNumber, value: result.dispatchNumber },
          ],
          staticSummary: `Change of ${Object.keys(checked.value).join(', ')} to ${vendor.toUpperCase()} dispatch ${reference} by ${actor.user}`,
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      return { workflowId };
    },

    /** A cancel request: signalled to the timeline with the acting user (it emails the vendor once). */
    async cancel(vendor: DispatchVendor, reference: string, reason: string, actor: PortalActor) {
      const text = reason.trim();
      if (text.length === 0 || text.length > 500)
        throw new PortalError(400, 'invalid request', [{ field: 'reason', reason: 'must be 1-500 characters' }]);
      const { result } = await changeable(vendor, reference);
      await client.workflow
        .getHandle(result.timelineWorkflowId)
        .signal(cancelRequested, { reason: text, requestedBy: actor.user });
      return { workflowId: result.timelineWorkflowId };
    },

    ticketSite,
  };

  /** A ticket's site; an unknown ticket is a 404, or a 400 naming the field when a form gave it. */
  async function ticketSite(ticketId: string, unknownIs: 'not-found' | 'field' = 'not-found') {
    const badTicket = (reason: string) =>
      unknownIs === 'field'
        ? new PortalError(422, 'invalid request', [{ field: 'ticketId', reason }])
        : new PortalError(404, `ticket ${ticketId}: ${reason}`);
    if (!TICKET_ID.test(ticketId)) throw badTicket('must be a Bruin ticket ID (digits)');
    try {
      return await reads.ticketSite(ticketId);
    } catch (err) {
      if (!(err instanceof VendorReadError)) throw err;
      if (err.kind === 'not-found') throw badTicket(`Bruin has no ticket ${ticketId}`);
      throw new PortalError(503, `Bruin cannot be read now: ${err.message}`);
    }
  }
}
export type DispatchService = ReturnType<typeof createDispatchService>;
