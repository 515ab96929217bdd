import twilio from 'twilio';
import type { RequestOptions } from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import type { NotifierConfig } from '../../config/notifier';
import { failureForNetwork, failureForStatus, retryAfterSeconds } from '../vendor-errors';
import { PROVIDER_CLOCK_SKEW_MS } from '../../domain/clock-skew';
import { contentDigest, type SmsMessage, type SmsSender } from './channels';

const TWILIO_API = 'https://api.twilio.com';

/**
 * Twilio's `region`/`edge` options only rewrite the twilio.com host, so pointing the SDK at another
 * base URL (the sandbox) takes a request client that rewrites the URI. Auto-retry stays off.
 */
class RebasingRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ autoRetry: false, timeout: 10_000 });
  }

  override request<TData>(opts: RequestOptions<TData>): Promise<Response<TData>> {
    return super.request<TData>({ ...opts, uri: opts.uri.replace(TWILIO_API, this.baseUrl.replace(/\/$/, '')) });
  }
}

interface TwilioRestError extends Error {
  status?: number;
  code?: number;
  moreInfo?: string;
  headers?: Record<string, string>;
}

/** SMS with the twilio SDK. Twilio's send is not idempotent: callers go through the ledger. */
export class TwilioSmsSender implements SmsSender {
  private readonly client: twilio.Twilio;

  constructor(private readonly config: NotifierConfig['sms']) {
    this.client = twilio(config.accountSid, config.authToken, { httpClient: new RebasingRequestClient(config.apiUrl) });
  }

  /** Twilio's message list, filtered by To, From and DateSent, for a message with this exact body (or the former one). */
  async findSent(message: SmsMessage, since: Date, formerDigest?: string): Promise<{ providerId: string } | undefined> {
    try {
      const sent = await this.client.messages.list({
        to: message.to,
        from: this.config.from,
        dateSentAfter: new Date(since.getTime() - PROVIDER_CLOCK_SKEW_MS),
        limit: 100,
      });
      const match = sent.find(
        (m) =>
          (m.body === message.body || (formerDigest !== undefined && contentDigest(m.body) === formerDigest)) &&
          m.status !== 'failed' &&
          m.status !== 'undelivered',
      );
      return match ? { providerId: match.sid } : undefined;
    } catch (err) {
      const e = err as TwilioRestError;
      if (typeof e.status === 'number') throw failureForStatus('twilio', 'Messages.list', e.status, e.message);
      throw failureForNetwork('twilio', 'Messages.list', err);
    }
  }

  async send(message: SmsMessage): Promise<{ providerId: string }> {
    try {
      const sent = await this.client.messages.create({ to: message.to, from: this.config.from, body: message.body });
      return { providerId: sent.sid };
    } catch (err) {
      const e = err as TwilioRestError;
      if (typeof e.status === 'number') {
        throw failureForStatus(
          'twilio',
          'Messages.create',
          e.status,
          `${e.code ?? ''} ${e.message}`.trim(),
          retryAfterSeconds(e.headers?.['retry-after']),
        );
      }
      throw failureForNetwork('twilio', 'Messages.create', err);
    }
  }
}
