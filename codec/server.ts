import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { BodyTooLargeError, closeIfUnread, readBodyText } from '../http/read-body';
import { bearerMatches, sameSecret } from '../http/secret';
import { HttpError } from '../http/http-error';
import { hasValidSession, sessionClearCookie, sessionSetCookie, SESSION_TTL_MS } from './ui-session';

const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'must be base64');
/** Payloads as the Temporal Web UI and CLI send them: every byte field base64-encoded. */
const jsonPayload = z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() });
type JsonPayload = z.infer<typeof jsonPayload>;
/** `{}` is what `temporal workflow query --codec-endpoint` sends for a query without arguments: no payloads. */
const requestBody = z.object({ payloads: z.array(jsonPayload).default([]) });

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** Origins allowed to call from a browser (the Web UI). */
  corsOrigins: string[];
  /** When set, every call must carry `Authorization: Bearer <token>` or a session cookie from `/login`. */
  token?: string;
  maxBodyBytes?: number;
}

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

/**
 * The codec server: `POST /encode` and `POST /decode` over the engine's payload codec, so the Web UI
 * (`--ui-codec-endpoint`) and the CLI (`--codec-endpoint`) show decrypted payloads to whoever holds
 * the token. Decrypted data is never logged.
 */
export function createCodecServer(options: CodecServerOptions): Server {
  const limit = options.maxBodyBytes ?? 8 * 1024 * 1024;
  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      // Our own answers say why; anything else is ours to fix, and its text stays inside.
      const message = err instanceof HttpError ? err.message : 'internal error';
      if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json', ...closeIfUnread(req) });
      res.end(JSON.stringify({ error: message }));
    });
  });
  // Longer than the browser's idle reuse window, so a reused keep-alive socket is never closed under it.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = req.headers.origin;
    if (origin && options.corsOrigins.includes(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-credentials', 'true');
      res.setHeader('vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('access-control-allow-methods', 'POST, OPTIONS');
      res.setHeader('access-control-allow-headers', 'content-type, x-namespace, authorization');
      res.writeHead(origin && options.corsOrigins.includes(origin) ? 204 : 403).end();
      return;
    }
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    if (path === '/login' || path === '/logout') {
      await loginRoute(req, res, path);
      return;
    }
    if (req.method !== 'POST' || (path !== '/encode' && path !== '/decode'))
      throw new HttpError(404, 'expected POST /encode or POST /decode');
    if (options.token) {
      const bearer = bearerMatches(req.headers.authorization, options.token);
      if (!bearer && !hasValidSession(req.headers.cookie, options.token, Date.now()))
        throw new HttpError(401, 'missing or wrong bearer token (or sign in at /login for the Web UI)');
    }
    let json: unknown;
    try {
      json = JSON.parse(await readBodyText(req, limit));
    } catch (err) {
      if (err instanceof BodyTooLargeError) throw new HttpError(413, err.message);
      throw new HttpError(400, 'body is not JSON');
    }
    const body = requestBody.safeParse(json);
    if (!body.success) {
      const issue = body.error.issues[0];
      const field =
        issue.path.length > 0
          ? issue.path
              .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
              .join('')
              .replace(/^\./, '')
          : '(body)';
      throw new HttpError(
        400,
        `${field}: ${issue.message}; expected {"payloads": [{"metadata": {...}, "data": "<base64>"}]}`,
      );
    }
    const payloads = body.data.payloads.map(fromJson);
    let result: Payload[];
    try {
      result = path === '/encode' ? await options.codec.encode(payloads) : await options.codec.decode(payloads);
    } catch (err) {
      throw new HttpError(422, err instanceof Error ? err.message : String(err));
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ payloads: result.map(toJson) }));
  }

  /** `/login`: where an operator holding the token gives the Web UI (its browser) a session cookie. */
  async function loginRoute(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const page = (status: number, message: string, cookie?: string) => {
      res.writeHead(status, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
        ...(cookie ? { 'set-cookie': cookie } : {}),
      });
      res.end(loginPage(message, Boolean(options.token)));
    };
    if (path === '/logout') {
      if (req.method !== 'POST') throw new HttpError(405, 'expected POST /logout');
      page(200, 'Signed out.', sessionClearCookie);
      return;
    }
    if (req.method === 'GET') return page(200, '');
    if (req.method !== 'POST') throw new HttpError(405, 'expected GET or POST /login');
    if (!options.token) return page(200, 'This codec server needs no token: the Web UI decodes without signing in.');
    let given = '';
    try {
      given = new URLSearchParams(await readBodyText(req, 4096)).get('token') ?? '';
    } catch (err) {
      if (err instanceof BodyTooLargeError) throw new HttpError(413, err.message);
      throw err;
    }
    if (!sameSecret(given, options.token)) return page(401, 'Wrong token.');
    const secure = req.headers['x-forwarded-proto'] === 'https';
    page(
      200,
      `Signed in for ${SESSION_TTL_MS / 3_600_000} hours. In the Web UI's codec server settings, turn on "Include cross-origin credentials".`,
      sessionSetCookie(options.token, Date.now(), secure),
    );
  }
}

function loginPage(message: string, tokenRequired: boolean): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Codec server sign-in</title>
<style>body{font:16px system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}input,button{font:inherit;padding:.4rem}</style>
</head><body>
<h1>Codec server</h1>
${message ? `<p role="status">${message}</p>` : ''}
${
  tokenRequired
    ? `<form method="post" action="/login">
<label>Codec server token (CODEC_SERVER_TOKEN) <input type="password" name="token" autocomplete="off" required></label>
<button type="submit">Sign in</button>
</form>
<form method="post" action="/logout"><button type="submit">Sign out</button></form>`
    : '<p>No token is configured: decoding needs no sign-in.</p>'
}
</body></html>`;
}
