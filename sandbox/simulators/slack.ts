import type { Sandbox } from '../sandbox';
import type { Reply } from '../http';

/** Slack Web API `chat.postMessage`, with Slack's habit of answering 200 `{ok:false}` for errors. */
export function slackPostMessage(
  sandbox: Sandbox,
  headers: Record<string, string | string[] | undefined>,
  body: Record<string, unknown>,
): Reply {
  const auth = String(headers.authorization ?? '');
  const token = auth.startsWith('Bearer ') ? auth.slice(7) : String(body.token ?? '');
  if (!token) return { status: 200, json: { ok: false, error: 'not_authed' } };
  if (!token.startsWith('xox')) return { status: 200, json: { ok: false, error: 'invalid_auth' } };
  const channel = String(body.channel ?? '');
  if (!channel) return { status: 200, json: { ok: false, error: 'channel_not_found' } };
  const text = String(body.text ?? '');
  if (!text && !body.blocks) return { status: 200, json: { ok: false, error: 'no_text' } };
  const ts = `1700000000.${String(sandbox.nextId()).padStart(6, '0')}`;
  sandbox.record('slack', { ts, channel, text, receivedAt: new Date().toISOString() });
  return { status: 200, json: { ok: true, channel, ts, message: { type: 'message', text, ts } } };
}
