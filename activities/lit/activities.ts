import type { VendorHttp } from '../vendor-http';
import { invalidInput } from '../vendor-errors';
import { litCreateResponse, litDispatchResponse, litListResponse, type LitDispatch } from './schemas';

/** What the dispatch portal asks LIT for. */
export interface LitDispatchRequest {
  MetTel_Bruin_TicketID: string;
  Date_of_Dispatch: string;
  Hard_Time_of_Dispatch_Local: string;
  Hard_Time_of_Dispatch_Time_Zone_Local: string;
  Job_Site_Contact_Name_and_Phone_Number: string;
  Scope_of_Work?: string;
}

const dispatchPath = (dispatchNumber: string) => {
  if (!/^[A-Za-z0-9-]{1,40}$/.test(dispatchNumber))
    throw invalidInput(`LIT: field "dispatchNumber" is not a dispatch number: "${dispatchNumber}"`);
  return `/api/dispatches/${dispatchNumber}`;
};

/** LIT activity factory (`lit` queue). Cancellations are emailed to LIT (notifier), not called here. */
export function createLitActivities(http: VendorHttp) {
  const everyDispatch = async () =>
    (await http.call({ method: 'GET', path: '/api/dispatches', endpoint: 'GET dispatches', schema: litListResponse }))
      .DispatchList;
  const oneDispatch = async (dispatchNumber: string) =>
    (
      await http.call({
        method: 'GET',
        path: dispatchPath(dispatchNumber),
        endpoint: 'GET dispatch',
        schema: litDispatchResponse,
      })
    ).Dispatch;
  return {
    /**
     * One page of LIT's dispatches. LIT's API has no paging, so each page re-reads the list; paging
     * keeps each activity result (and the monitor's history) far below Temporal's payload limit.
     */
    async listLitDispatchesPage({
      offset,
      limit,
    }: {
      offset: number;
      limit: number;
    }): Promise<{ dispatches: LitDispatch[]; nextOffset: number | null }> {
      if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > 1000) {
        throw invalidInput(
          `LIT: fields "offset" (>= 0) and "limit" (1-1000) must be integers, got ${offset} and ${limit}`,
        );
      }
      const all = await everyDispatch();
      const next = offset + limit;
      return { dispatches: all.slice(offset, next), nextOffset: next < all.length ? next : null };
    },
    async getLitDispatch({ dispatchNumber }: { dispatchNumber: string }): Promise<LitDispatch> {
      return oneDispatch(dispatchNumber);
    },
    async createLitDispatch(request: LitDispatchRequest): Promise<{ dispatchNumber: string }> {
      const { Dispatch } = await http.call({
        method: 'POST',
        path: '/api/dispatches',
        endpoint: 'POST dispatch',
        schema: litCreateResponse,
        body: request,
      });
      return { dispatchNumber: Dispatch.Dispatch_Number };
    },
    /**
     * The portal's dispatch, created once: a dispatch whose scope of work carries the reference already is
     * the one an earlier attempt created (LIT has no idempotency key), so a retry finds it instead.
     */
    async requestLitDispatch({
      reference,
      fields,
    }: {
      reference: string;
      fields: LitDispatchRequest;
    }): Promise<{ dispatch: LitDispatch; created: boolean }> {
      const line = `IGZ Dispatch Number: ${reference}`;
      const existing = (await everyDispatch()).find((d) => (d.Scope_of_Work ?? '').split('\n')[0] === line);
      if (existing) return { dispatch: existing, created: false };
      const { Dispatch } = await http.call({
        method: 'POST',
        path: '/api/dispatches',
        endpoint: 'POST dispatch',
        schema: litCreateResponse,
        body: fields,
      });
      return { dispatch: await oneDispatch(Dispatch.Dispatch_Number), created: true };
    },
    async updateLitDispatch({
      dispatchNumber,
      fields,
    }: {
      dispatchNumber: string;
      fields: Partial<LitDispatchRequest>;
    }): Promise<LitDispatch> {
      return (
        await http.call({
          method: 'PATCH',
          path: dispatchPath(dispatchNumber),
          endpoint: 'PATCH dispatch',
          schema: litDispatchResponse,
          body: fields,
        })
      ).Dispatch;
    },
  };
}
export type LitActivities = ReturnType<typeof createLitActivities>;
