import type { Reply } from '../http';
import type { Sandbox } from '../sandbox';
import type { Entity } from '../state';

const BASE = 'services/data/v52.0';
const REQUIRED = ['Ext_Ref_Num__c', 'Local_Site_Time__c', 'Description__c'];

const toRecord = ({ id, ...fields }: Entity) => ({
  attributes: { type: 'Service__c', url: `/${BASE}/sobjects/Service__c/${id}` },
  Id: id,
  ...fields,
});
const sfError = (status: number, errorCode: string, message: string): Reply => ({
  status,
  json: [{ errorCode, message }],
});

/**
 * CTS's Salesforce REST API: SOQL `query` over Service__c (paged with `nextRecordsUrl`, like
 * Salesforce), and the `sobjects/Service__c` record (get, create, update).
 */
export function ctsRoute(
  sandbox: Sandbox,
  method: string,
  parts: string[],
  body: Record<string, unknown>,
  query: URLSearchParams,
): Reply | undefined {
  const path = parts.join('/');
  if (!path.startsWith(`${BASE}/`)) return undefined;
  const rest = path.slice(BASE.length + 1).split('/');
  const dispatches = sandbox.collection('cts', 'dispatches');

  if (method === 'GET' && rest[0] === 'query') {
    // First page: ?q=SOQL; next pages: query/<locator>-<offset>, as Salesforce's nextRecordsUrl.
    let offset = 0;
    if (rest.length === 2) {
      const m = /^01g-(\d+)$/.exec(rest[1]);
      if (!m) return sfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
      offset = Number(m[1]);
    } else if (!/\bFROM\s+Service__c\b/i.test(query.get('q') ?? '')) {
      return sfError(400, 'MALFORMED_QUERY', 'q must be a SOQL query FROM Service__c');
    }
    // The one filter the engine sends: WHERE Description__c LIKE '%text%' (the portal's find-or-create).
    const like = /\bWHERE\s+Description__c\s+LIKE\s+'%([^'%]*)%'/i.exec(query.get('q') ?? '')?.[1];
    const all = Object.values(dispatches)
      .filter((d) => like === undefined || String(d.Description__c ?? '').includes(like))
      .sort((a, b) => a.id.localeCompare(b.id));
    const page = all.slice(offset, offset + sandbox.ctsQueryPageSize);
    const next = offset + page.length;
    return {
      status: 200,
      json: {
        totalSize: all.length,
        done: next >= all.length,
        records: page.map(toRecord),
        ...(next < all.length ? { nextRecordsUrl: `/${BASE}/query/01g-${next}` } : {}),
      },
    };
  }

  if (rest[0] === 'sobjects' && rest[1] === 'Service__c') {
    const id = rest[2];
    if (id === undefined && method === 'POST') {
      const missing = REQUIRED.filter((f) => typeof body[f] !== 'string' || !(body[f] as string).trim());
      if (missing.length > 0)
        return sfError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`);
      const newId = `a1B${String(sandbox.nextId()).padStart(12, '0')}`;
      dispatches[newId] = {
        ...body,
        id: newId,
        Name: `S-${150_000 + sandbox.nextId()}`,
        Status__c: 'Open',
        API_Resource_Name__c: null,
        Resource_Phone_Number__c: null,
      };
      return { status: 201, json: { id: newId, success: true, errors: [] } };
    }
    if (id === undefined || rest.length !== 3) return undefined;
    const record = dispatches[id];
    if (!record) return sfError(404, 'NOT_FOUND', `The requested resource does not exist: Service__c ${id}`);
    if (method === 'GET') return { status: 200, json: toRecord(record) };
    if (method === 'PATCH') {
      if ('Id' in body || 'Name' in body)
        return sfError(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', 'Id and Name cannot be updated');
      dispatches[id] = { ...record, ...body, id };
      return { status: 204, json: null };
    }
  }
  return undefined;
}
