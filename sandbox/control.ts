import { z } from 'zod';
import { SCENARIOS } from './scenarios';
import { SandboxRequestError, type Sandbox } from './sandbox';
import { FAULT_TARGETS, isSandboxVendor, type Entity, type FaultTarget } from './state';
import type { Reply } from './http';

const faultBody = z
  .object({
    vendor: z.string().refine((v) => (FAULT_TARGETS as readonly string[]).includes(v), {
      message: `must be one of: ${FAULT_TARGETS.join(', ')}`,
    }),
    errorRate: z.number().min(0).max(1).default(0),
    latencyMs: z.number().int().min(0).max(600_000).default(0),
    replyDelayMs: z.number().int().min(0).max(600_000).default(0),
    statusCode: z.number().int().min(400).max(599).default(503),
    retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
  })
  .strict();

const resetBody = z.object({ scenario: z.string().default('demo') }).strict();

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new SandboxRequestError(
      400,
      result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
    );
  }
  return result.data;
}

function vendorOf(name: string) {
  if (!isSandboxVendor(name)) throw new SandboxRequestError(404, `unknown vendor "${name}"`);
  return name;
}

/**
 * The control API under /_sandbox: inspect state, reset to a scenario, inject faults, and change or
 * add entities (an edge going down, a dispatch changing status).
 */
export function controlRoute(
  sandbox: Sandbox,
  method: string,
  parts: string[],
  body: Record<string, unknown>,
  query: URLSearchParams,
): Reply {
  const [head, collection, id] = parts;
  if (method === 'GET' && head === 'state' && parts.length === 1)
    return { status: 200, json: { ...sandbox.state, faults: sandbox.faults.list() } };
  if (method === 'GET' && head === 'scenarios' && parts.length === 1)
    return { status: 200, json: { scenarios: Object.keys(SCENARIOS) } };
  if (method === 'POST' && head === 'reset' && parts.length === 1) {
    const { scenario } = parse(resetBody, body);
    sandbox.reset(scenario);
    return { status: 200, json: { scenario } };
  }
  if (head === 'faults' && parts.length === 1) {
    if (method === 'GET') return { status: 200, json: sandbox.faults.list() };
    if (method === 'POST') {
      const fault = parse(faultBody, body);
      sandbox.faults.set(fault.vendor as FaultTarget, fault);
      return { status: 200, json: { vendor: fault.vendor, fault } };
    }
    if (method === 'DELETE') {
      const vendor = query.get('vendor');
      if (vendor && !(FAULT_TARGETS as readonly string[]).includes(vendor))
        throw new SandboxRequestError(400, `vendor: must be one of: ${FAULT_TARGETS.join(', ')}`);
      sandbox.faults.clear((vendor ?? undefined) as FaultTarget | undefined);
      return { status: 200, json: { cleared: vendor ?? 'all' } };
    }
  }
  if (parts.length === 3 && method === 'PATCH') {
    const items = sandbox.collection(vendorOf(head), collection);
    const existing = items[id];
    if (!existing) throw new SandboxRequestError(404, `${head}/${collection} has no entity "${id}"`);
    if ('id' in body && body.id !== id) throw new SandboxRequestError(400, 'id: cannot be changed by PATCH');
    items[id] = { ...existing, ...body, id };
    sandbox.touched(vendorOf(head), collection);
    return { status: 200, json: items[id] };
  }
  if (parts.length === 2 && method === 'POST') {
    const items = sandbox.collection(vendorOf(head), collection);
    const newId = body.id;
    if (typeof newId !== 'string' || !newId) throw new SandboxRequestError(400, 'id: required, a non-empty string');
    if (items[newId])
      throw new SandboxRequestError(409, `${head}/${collection} already has "${newId}"; PATCH it instead`);
    items[newId] = { ...body, id: newId } as Entity;
    sandbox.touched(vendorOf(head), collection);
    return { status: 201, json: items[newId] };
  }
  throw new SandboxRequestError(404, `no control route ${method} /_sandbox/${parts.join('/')}`);
}
