import { z } from 'zod';
import type { VendorHttp } from '../vendor-http';
import { invalidInput } from '../vendor-errors';
import { ctsCreateResponse, ctsDispatch, ctsQueryResponse, type CtsDispatch } from './schemas';

const API = '/services/data/v52.0';
const FIELDS =
  'Id, Name, Ext_Ref_Num__c, Status__c, Local_Site_Time__c, Description__c, API_Resource_Name__c, Resource_Phone_Number__c';

/** What the dispatch portal asks CTS for. */
export interface CtsDispatchRequest {
  Ext_Ref_Num__c: string;
  Local_Site_Time__c: string;
  Description__c: string;
}

const recordPath = (id: string) => {
  if (!/^[A-Za-z0-9]{15,18}$/.test(id)) throw invalidInput(`CTS: field "id" is not a Salesforce record ID: "${id}"`);
  return `${API}/sobjects/Service__c/${id}`;
};

/** CTS activity factory (`cts` queue) over its Salesforce REST API. Cancellations are emailed (notifier). */
export function createCtsActivities(http: VendorHttp) {
  const record = (id: string) =>
    http.call({ method: 'GET', path: recordPath(id), endpoint: 'GET Service__c', schema: ctsDispatch });
  const create = (request: CtsDispatchRequest) =>
    http.call({
      method: 'POST',
      path: `${API}/sobjects/Service__c`,
      endpoint: 'POST Service__c',
      schema: ctsCreateResponse,
      body: request,
    });
  return {
    /** One Salesforce page of Service__c records: the first from the SOQL query, the next from its `nextRecordsUrl` (the cursor). */
    async listCtsDispatchesPage({
      cursor,
    }: {
      cursor?: string | null;
    }): Promise<{ dispatches: CtsDispatch[]; nextCursor: string | null }> {
      // The cursor is Salesforce's own next-page path; anything else is refused (no request to a caller-chosen URL).
      if (cursor && !new RegExp(`^${API.replace(/\./g, '\\.')}/query/[A-Za-z0-9-]+$`).test(cursor))
        throw invalidInput(`CTS: field "cursor" is not a query locator path: "${cursor}"`);
      const page = cursor
        ? await http.call({ method: 'GET', path: cursor, endpoint: 'SOQL query (next page)', schema: ctsQueryResponse })
        : await http.call({
            method: 'GET',
            path: `${API}/query`,
            endpoint: 'SOQL query',
            schema: ctsQueryResponse,
            params: { q: `SELECT ${FIELDS} FROM Service__c` },
          });
      return { dispatches: page.records, nextCursor: !page.done && page.nextRecordsUrl ? page.nextRecordsUrl : null };
    },
    async getCtsDispatch({ id }: { id: string }): Promise<CtsDispatch> {
      return record(id);
    },
    async createCtsDispatch(request: CtsDispatchRequest): Promise<{ id: string }> {
      return { id: (await create(request)).id };
    },
    /**
     * The portal's dispatch, created once: Salesforce is asked first for a record whose description carries
     * the reference (an earlier attempt may have created it and lost the answer), and only then is one created.
     */
    async requestCtsDispatch({
      reference,
      fields,
    }: {
      reference: string;
      fields: CtsDispatchRequest;
    }): Promise<{ dispatch: CtsDispatch; created: boolean }> {
      if (!/^IGZ-[0-9a-f]{10}$/.test(reference))
        throw invalidInput(`CTS: field "reference" is not a portal reference: "${reference}"`);
      const found = await http.call({
        method: 'GET',
        path: `${API}/query`,
        endpoint: 'SOQL query',
        schema: ctsQueryResponse,
        params: {
          q: `SELECT ${FIELDS} FROM Service__c WHERE Description__c LIKE '%IGZ Dispatch Number: ${reference}%'`,
        },
      });
      if (found.records[0]) return { dispatch: found.records[0], created: false };
      return { dispatch: await record((await create(fields)).id), created: true };
    },
    async updateCtsDispatch({ id, fields }: { id: string; fields: Partial<CtsDispatchRequest> }): Promise<void> {
      await http.call({
        method: 'PATCH',
        path: recordPath(id),
        endpoint: 'PATCH Service__c',
        schema: z.unknown(),
        body: fields,
      });
    },
  };
}
export type CtsActivities = ReturnType<typeof createCtsActivities>;
