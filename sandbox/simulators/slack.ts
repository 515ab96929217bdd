import { createHash } from 'node:crypto';
import type { Sandbox } from '../sandbox';
import type { Reply } from '../http';

type Headers = Record<string, string | string[] | undefined>;
type SlackMetadata = { event_type: string; event_payload: Record<string, unknown> };

const slackError = (error: string): Reply => ({ status: 200, json: { ok: false, error } });

/** Slack's auth: a bearer `xox…` token (or a `token` form field), else 200 `{ok:false}` as Slack answers. */
function authError(headers: Headers, body: Record<string, unknown>): Reply | undefined {
  const auth = String(headers.authorization ?? '');
  const token = auth.startsWith('Bearer ') ? auth.slice(7) : String(body.token ?? '');
  if (!token) return slackError('not_authed');
  if (!token.startsWith('xox')) return slackError('invalid_auth');
  return undefined;
}

/**
 * The workspace's channels: every `#name` a bot posts to exists, with a stable ID derived from the
 * name (Slack answers and lists channels by ID; `conversations.history` accepts only IDs).
 */
const channelId = (name: string) =>
  `C${createHash('sha256').update(name.replace(/^#/, '')).digest('hex').slice(0, 10).toUpperCase()}`;
const isChannelId = (channel: string) => /^[CGD][A-Z0-9]{8,}$/.test(channel);

/** The Web API form encoding sends objects as JSON text; a body from a JSON client has them as objects. */
function metadataOf(value: unknown): SlackMetadata | undefined | 'invalid' {
  if (value === undefined || value === '') return undefined;
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return 'invalid';
    }
  }
  const m = parsed as Partial<SlackMetadata> | null;
  if (!m || typeof m.event_type !== 'string' || typeof m.event_payload !== 'object' || m.event_payload === null)
    return 'invalid';
  return { event_type: m.event_type, event_payload: m.event_payload };
}

/** Slack Web API `chat.postMessage`, with Slack's habit of answering 200 `{ok:false}` for errors. */
export function slackPostMessage(sandbox: Sandbox, headers: Headers, body: Record<string, unknown>): Reply {
  const unauthorized = authError(headers, body);
  if (unauthorized) return unauthorized;
  const channel = String(body.channel ?? '');
  if (!channel) return slackError('channel_not_found');
  const text = String(body.text ?? '');
  if (!text && !body.blocks) return slackError('no_text');
  const metadata = metadataOf(body.metadata);
  if (metadata === 'invalid') return slackError('invalid_metadata_format');
  const id = isChannelId(channel) ? channel : channelId(channel);
  const name = isChannelId(channel)
    ? (sandbox.state.outbox.slack.find((m) => m.channelId === id)?.channel ?? channel)
    : channel;
  // Slack's ts: epoch seconds and a sequence, unique per channel.
  const ts = `${Math.floor(Date.now() / 1000)}.${String(sandbox.nextId()).padStart(6, '0')}`;
  sandbox.record('slack', {
    ts,
    channel: name,
    channelId: id,
    text,
    ...(metadata ? { metadata } : {}),
    receivedAt: new Date().toISOString(),
  });
  return { status: 200, json: { ok: true, channel: id, ts, message: { type: 'message', text, ts } } };
}

/** `conversations.list`: every channel the sandbox has seen a post to, one page. */
export function slackConversationsList(sandbox: Sandbox, headers: Headers, body: Record<string, unknown>): Reply {
  const unauthorized = authError(headers, body);
  if (unauthorized) return unauthorized;
  const names = [...new Set(sandbox.state.outbox.slack.map((m) => m.channel))].filter((n) => !isChannelId(n));
  return {
    status: 200,
    json: {
      ok: true,
      channels: names.map((n) => ({ id: channelId(n), name: n.replace(/^#/, ''), is_channel: true, is_member: true })),
      response_metadata: { next_cursor: '' },
    },
  };
}

/**
 * `conversations.history?channel=<ID>&oldest=&include_all_metadata=`: the channel's messages, newest
 * first, with their metadata when asked (how the notifier finds a post made before a crash).
 */
export function slackConversationsHistory(sandbox: Sandbox, headers: Headers, body: Record<string, unknown>): Reply {
  const unauthorized = authError(headers, body);
  if (unauthorized) return unauthorized;
  const channel = String(body.channel ?? '');
  if (!isChannelId(channel)) return slackError('channel_not_found');
  const oldest = body.oldest === undefined ? 0 : Number(body.oldest);
  if (Number.isNaN(oldest)) return slackError('invalid_arguments');
  const withMetadata = String(body.include_all_metadata ?? 'false') === 'true';
  const messages = sandbox.state.outbox.slack
    .filter((m) => m.channelId === channel && Date.parse(m.receivedAt) / 1000 >= oldest)
    .reverse()
    .map((m) => ({
      type: 'message',
      text: m.text,
      ts: m.ts,
      ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
    }));
  return { status: 200, json: { ok: true, messages, has_more: false, response_metadata: { next_cursor: '' } } };
}
