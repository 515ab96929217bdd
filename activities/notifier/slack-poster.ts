import {
  WebClient,
  LogLevel,
  ErrorCode,
  type WebAPIPlatformError,
  type WebAPIRateLimitedError,
  type WebAPIHTTPError,
} from '@slack/web-api';
import type { NotifierConfig } from '../../config/notifier';
import { failureForNetwork, failureForStatus } from '../vendor-errors';
import { PROVIDER_CLOCK_SKEW_MS } from '../../domain/clock-skew';
import type { SlackMessage, SlackPoster } from './channels';

/** Slack errors that mean the request itself is wrong: retrying cannot help. */
const PERMANENT_SLACK_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'no_text',
  'msg_too_long',
  'is_archived',
  'invalid_arguments',
  'missing_scope',
  'invalid_metadata_format',
  'invalid_metadata_schema',
]);

/** The metadata event type our posts carry; its payload's `key` is the notification's key digest. */
const MARKER_EVENT = 'automation_engine_notification';
const CHANNEL_ID = /^[CGD][A-Z0-9]{8,}$/;

/** Slack via @slack/web-api with its own retries off, so Temporal's retry policy is the only one. */
export class WebApiSlackPoster implements SlackPoster {
  private readonly client: WebClient;
  private readonly channelIds = new Map<string, string>();

  constructor(config: NotifierConfig['slack']) {
    this.client = new WebClient(config.token, {
      slackApiUrl: config.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 10_000,
      logLevel: LogLevel.ERROR,
    });
  }

  async post(message: SlackMessage): Promise<{ providerId: string }> {
    const result = await this.call('chat.postMessage', () =>
      this.client.chat.postMessage({
        channel: message.channel,
        text: message.text,
        metadata: { event_type: MARKER_EVENT, event_payload: { key: message.marker } },
      }),
    );
    return { providerId: `${result.channel}/${result.ts}` };
  }

  /**
   * `conversations.history` of the channel since `since` (less clock skew), with message metadata:
   * the message whose marker matches is the post an earlier attempt made. Needs the
   * `channels:history` scope (and `channels:read` when the channel is given by name).
   */
  async findSent(message: SlackMessage, since: Date): Promise<{ providerId: string } | undefined> {
    const channel = await this.channelId(message.channel);
    if (!channel) return undefined; // a channel nobody posted to holds no earlier post
    let cursor: string | undefined;
    do {
      const page = await this.call('conversations.history', () =>
        this.client.conversations.history({
          channel,
          oldest: String((since.getTime() - PROVIDER_CLOCK_SKEW_MS) / 1000),
          include_all_metadata: true,
          limit: 200,
          cursor,
        }),
      );
      const match = page.messages?.find(
        (m) =>
          m.metadata?.event_type === MARKER_EVENT &&
          (m.metadata.event_payload as { key?: unknown } | undefined)?.key === message.marker,
      );
      if (match) return { providerId: `${channel}/${match.ts}` };
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return undefined;
  }

  /** A channel ID as given, or the ID of the channel with that name (history takes only IDs). */
  private async channelId(channel: string): Promise<string | undefined> {
    if (CHANNEL_ID.test(channel)) return channel;
    const name = channel.replace(/^#/, '');
    const known = this.channelIds.get(name);
    if (known) return known;
    let cursor: string | undefined;
    do {
      const page = await this.call('conversations.list', () =>
        this.client.conversations.list({ exclude_archived: true, limit: 1000, cursor }),
      );
      for (const c of page.channels ?? []) if (c.id && c.name) this.channelIds.set(c.name, c.id);
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor && !this.channelIds.has(name));
    return this.channelIds.get(name);
  }

  /** One Web API call, its failures classified for Temporal's retry policy. */
  private async call<T>(method: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === ErrorCode.RateLimitedError) {
        throw failureForStatus('slack', method, 429, 'rate limited', (err as WebAPIRateLimitedError).retryAfter);
      }
      if (code === ErrorCode.PlatformError) {
        const slackError = String((err as WebAPIPlatformError).data.error);
        throw failureForStatus('slack', method, PERMANENT_SLACK_ERRORS.has(slackError) ? 400 : 503, slackError);
      }
      if (code === ErrorCode.HTTPError) {
        const httpErr = err as WebAPIHTTPError;
        throw failureForStatus('slack', method, httpErr.statusCode, httpErr.statusMessage);
      }
      throw failureForNetwork('slack', method, err);
    }
  }
}
