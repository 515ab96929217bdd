import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { controlRoute } from './control';
import { closeIfUnread } from '../http/read-body';
import { readBody, send, sleep, type Reply } from './http';
import { SandboxRequestError, type Sandbox } from './sandbox';
import { slackConversationsHistory, slackConversationsList, slackPostMessage } from './simulators/slack';
import { twilioCreateMessage, twilioListMessages } from './simulators/twilio';
import { bruinRoute } from './simulators/bruin';
import { ctsRoute } from './simulators/cts';
import { digiRoute } from './simulators/digi';
import { litRoute } from './simulators/lit';
import { luminRoute } from './simulators/lumin';
import { t7Route } from './simulators/t7';
import { hawkeyeRoute } from './simulators/hawkeye';
import { velocloudRoute } from './simulators/velocloud';
import type { FaultTarget } from './state';

type VendorHandler = (
  sandbox: Sandbox,
  req: IncomingMessage,
  parts: string[],
  body: Record<string, unknown>,
  query: URLSearchParams,
) => Reply | undefined;

const SLACK_METHODS: Record<string, typeof slackPostMessage | undefined> = Object.assign(Object.create(null), {
  'chat.postMessage': slackPostMessage,
  'conversations.list': slackConversationsList,
  'conversations.history': slackConversationsHistory,
});

/** Vendor simulators by URL prefix; each later vendor adds its routes here. */
const VENDOR_ROUTES: Partial<Record<FaultTarget, VendorHandler>> = {
  velocloud: (sandbox, req, parts, body) => velocloudRoute(sandbox, req.method ?? '', parts, body),
  bruin: (sandbox, req, parts, body, query) => bruinRoute(sandbox, req.method ?? '', parts, body, query),
  digi: (sandbox, req, parts) => digiRoute(sandbox, req.method ?? '', parts),
  lit: (sandbox, req, parts, body) => litRoute(sandbox, req.method ?? '', parts, body),
  cts: (sandbox, req, parts, body, query) => ctsRoute(sandbox, req.method ?? '', parts, body, query),
  t7: (sandbox, req, parts, body) => t7Route(sandbox, req.method ?? '', parts, body),
  lumin: (sandbox, req, parts, body) => luminRoute(sandbox, req.method ?? '', parts, req.headers, body),
  hawkeye: (sandbox, req, parts, _body, query) => hawkeyeRoute(sandbox, req.method ?? '', parts, query),
  slack: (sandbox, req, parts, body, query) => {
    // The Web API takes its arguments as a form body (POST) or a query string (GET).
    const args = req.method === 'GET' ? Object.fromEntries(query) : body;
    const method = parts.length === 2 && parts[0] === 'api' ? SLACK_METHODS[parts[1]] : undefined;
    return method?.(sandbox, req.headers, args);
  },
  twilio: (sandbox, req, parts, body, query) => {
    const [version, accounts, sid, resource] = parts;
    if (version !== '2010-04-01' || accounts !== 'Accounts' || resource !== 'Messages.json' || parts.length !== 4)
      return undefined;
    if (req.method === 'POST') return twilioCreateMessage(sandbox, sid, req.headers, body);
    if (req.method === 'GET') return twilioListMessages(sandbox, sid, req.headers, query);
    return undefined;
  },
};

/** The sandbox's HTTP side: `/_sandbox/*` control API and `/<vendor>/*` simulators, with fault injection. */
export function createSandboxHttpServer(sandbox: Sandbox): Server {
  return createServer((req, res) => {
    void handle(sandbox, req, res).catch((err: unknown) => {
      const status = err instanceof SandboxRequestError ? err.status : 500;
      if (!res.headersSent)
        send(res, {
          status,
          json: { error: err instanceof Error ? err.message : String(err) },
          headers: closeIfUnread(req),
        });
    });
  });
}

/** A path segment, URL-decoded; malformed percent-encoding is the caller's mistake (400), not a crash. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new SandboxRequestError(400, `path segment "${segment}" is not valid percent-encoding`);
  }
}

async function handle(sandbox: Sandbox, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let clientGone = false;
  res.once('close', () => {
    clientGone = !res.writableEnded;
  });
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const [prefix, ...parts] = url.pathname.split('/').filter(Boolean).map(decodePathSegment);
  const body = req.method === 'GET' || req.method === 'DELETE' ? {} : await readBody(req);
  if (prefix === '_sandbox') {
    send(res, controlRoute(sandbox, req.method ?? 'GET', parts, body, url.searchParams));
    return;
  }
  const handler = VENDOR_ROUTES[prefix as FaultTarget];
  if (!handler)
    throw new SandboxRequestError(
      404,
      `no simulator at /${prefix ?? ''}; simulators: ${Object.keys(VENDOR_ROUTES).join(', ')}`,
    );
  const fault = sandbox.faults.decide(prefix as FaultTarget);
  if (fault.delayMs > 0) await sleep(fault.delayMs);
  // A client that gave up (timeout, killed worker) never reached the vendor: record nothing.
  if (clientGone || req.socket.destroyed) return;
  if (fault.fail) {
    const { statusCode, retryAfterSeconds } = fault.fail;
    send(res, {
      status: statusCode,
      json: {
        error: `sandbox fault injected for ${prefix}`,
        code: statusCode,
        message: `injected ${statusCode}`,
        status: statusCode,
      },
      headers: statusCode === 429 ? { 'retry-after': String(retryAfterSeconds) } : undefined,
    });
    return;
  }
  const reply = handler(sandbox, req, parts, body, url.searchParams);
  if (!reply) throw new SandboxRequestError(404, `${prefix} simulator has no route ${req.method} /${parts.join('/')}`);
  // The vendor has acted; a caller that dies while the answer is held never learns it did.
  await sandbox.holdReply(fault.replyDelayMs);
  if (!res.destroyed) send(res, reply);
}
