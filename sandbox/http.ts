import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBodyText } from '../http/read-body';
import { SandboxRequestError } from './sandbox';

export interface Reply {
  status: number;
  json: unknown;
  headers?: Record<string, string>;
}

const MAX_BODY = 1024 * 1024;

/** Reads a JSON or form-encoded body (Slack and Twilio SDKs post forms). */
export async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readBodyText(req, MAX_BODY);
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new SandboxRequestError(413, err.message);
    throw err;
  }
  if (!text) return {};
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SandboxRequestError(400, 'body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new SandboxRequestError(400, 'body must be a JSON object');
  return parsed as Record<string, unknown>;
}

export function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
  res.end(JSON.stringify(reply.json));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
