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
]);

/** Slack via @slack/web-api with its own retries off, so Temporal's retry policy is the only one. */
export class WebApiSlackPoster implements SlackPoster {
  private readonly client: WebClient;

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
    try {
      const result = await this.client.chat.postMessage({ channel: message.channel, text: message.text });
      return { providerId: `${result.channel}/${result.ts}` };
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === ErrorCode.RateLimitedError) {
        throw failureForStatus(
          'slack',
          'chat.postMessage',
          429,
          'rate limited',
          (err as WebAPIRateLimitedError).retryAfter,
        );
      }
      if (code === ErrorCode.PlatformError) {
        const slackError = String((err as WebAPIPlatformError).data.error);
        throw failureForStatus(
          'slack',
          'chat.postMessage',
          PERMANENT_SLACK_ERRORS.has(slackError) ? 400 : 503,
          slackError,
        );
      }
      if (code === ErrorCode.HTTPError) {
        const httpErr = err as WebAPIHTTPError;
        throw failureForStatus('slack', 'chat.postMessage', httpErr.statusCode, httpErr.statusMessage);
      }
      throw failureForNetwork('slack', 'chat.postMessage', err);
    }
  }
}
