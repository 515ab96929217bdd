import type { IncomingHttpHeaders } from 'node:http';
import { LUMIN_BILLING_TYPES } from '../../domain/reports/lumin';
import type { Reply } from '../http';
import type { Sandbox } from '../sandbox';
import type { Entity } from '../state';

const luminError = (status: number, message: string): Reply => ({ status, json: { error: message } });

/** Which of `LUMIN_BILLING_TYPES` item `i` is: uneven on purpose, so the per-type counts differ. */
const TYPE_PATTERN = [3, 2, 3, 0, 4, 2, 3, 1, 2, 3, 4];
const typeOf = (i: number) => LUMIN_BILLING_TYPES[TYPE_PATTERN[i % TYPE_PATTERN.length]];

/**
 * The customer's billed items for a window: `itemsPerPeriod` of them, evenly spread over it, derived
 * from the index alone so that any page of a 200,000-item period costs one page of work. Every
 * `malformedEvery`-th item (when set) has no timestamp: the contract break a report must survive.
 */
export function luminItem(customer: Entity, start: number, end: number, i: number): Record<string, unknown> {
  const n = Number(customer.itemsPerPeriod ?? 0);
  const month = new Date(start).toISOString().slice(0, 7);
  const item: Record<string, unknown> = {
    id: `${customer.id}-${month}-${String(i + 1).padStart(7, '0')}`,
    type: typeOf(i),
    timestamp: new Date(Math.floor(start + ((i + 0.5) * (end - start)) / n)).toISOString(),
    conversation_id: `conv-${((i * 2_654_435_761) % 100_000_000).toString(36)}`,
  };
  const malformedEvery = Number(customer.malformedEvery ?? 0);
  if (malformedEvery > 0 && (i + 1) % malformedEvery === 0) delete item.timestamp;
  return item;
}

const decodeToken = (token: unknown): number | undefined => {
  if (token === undefined || token === null || token === '') return 0;
  const n = Number(Buffer.from(String(token), 'base64url').toString('utf8').replace(/^i:/, ''));
  return Number.isInteger(n) && n >= 0 ? n : undefined;
};
const encodeToken = (i: number) => Buffer.from(`i:${i}`, 'utf8').toString('base64url');

/**
 * Lumin.AI's billing API: `POST /lumin/api/v1/customers/<id>/billing` with a bearer token and
 * `{type, start, end, start_token?}`, answering a page `{items, next_token?}` (`pageSize` per page).
 * `type` is a comma-separated list of item types; empty means all. Requests are counted per customer
 * (`requests`), so a test can tell an export that resumed from one that started over.
 */
export function luminRoute(
  sandbox: Sandbox,
  method: string,
  parts: string[],
  headers: IncomingHttpHeaders,
  body: Record<string, unknown>,
): Reply | undefined {
  const [api, version, customers, customerId, billing] = parts;
  if (method !== 'POST' || api !== 'api' || version !== 'v1' || customers !== 'customers' || billing !== 'billing')
    return undefined;
  if (parts.length !== 5) return undefined;
  if (!/^Bearer \S+$/.test(String(headers.authorization ?? ''))) return luminError(401, 'bearer token required');
  const customer = sandbox.collection('lumin', 'customers')[customerId];
  if (!customer) return luminError(404, `no customer ${customerId}`);
  const start = Date.parse(String(body.start ?? ''));
  const end = Date.parse(String(body.end ?? ''));
  if (Number.isNaN(start) || Number.isNaN(end) || end <= start)
    return luminError(400, 'start and end must be ISO instants with start < end');
  const types = String(body.type ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const unknown = types.filter((t) => !(LUMIN_BILLING_TYPES as readonly string[]).includes(t));
  if (unknown.length) return luminError(400, `unknown type ${unknown.join(', ')}`);
  customer.requests = Number(customer.requests ?? 0) + 1;
  // `failRequests: [7]`: the 7th request to this customer fails once, as a vendor hiccup mid-period would.
  if (Array.isArray(customer.failRequests) && customer.failRequests.includes(customer.requests))
    return luminError(503, `injected failure of request ${String(customer.requests)}`);
  const from = decodeToken(body.start_token);
  if (from === undefined) return luminError(400, 'start_token is not one this API gave');
  const total = Number(customer.itemsPerPeriod ?? 0);
  const to = Math.min(total, from + Number(customer.pageSize ?? 1000));
  const items: unknown[] = [];
  for (let i = from; i < to; i++) {
    const item = luminItem(customer, start, end, i);
    if (types.length === 0 || types.includes(String(item.type))) items.push(item);
  }
  return { status: 200, json: to < total ? { items, next_token: encodeToken(to) } : { items } };
}
