import { createHash } from 'node:crypto';

/** A file sent with an email (a report's CSV). */
export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: string | Buffer;
}

/** One outbound email. `messageId` is deterministic per idempotency key so receivers can de-duplicate. */
export interface EmailMessage {
  to: string[];
  cc?: string[];
  subject: string;
  /** The plain-text part; with `html`, the alternative for clients that show no HTML. */
  text: string;
  html?: string;
  attachments?: EmailAttachment[];
  messageId: string;
}
/** Sends email; resolves to the provider's message id. */
export interface EmailSender {
  send(message: EmailMessage): Promise<{ providerId: string }>;
}

export interface SlackMessage {
  channel: string;
  text: string;
  /** A digest of the idempotency key, carried as the message's metadata so the post can be found again. */
  marker: string;
}
/** Posts to Slack; resolves to the channel ID and message timestamp. */
export interface SlackPoster {
  post(message: SlackMessage): Promise<{ providerId: string }>;
  /** The channel's message carrying this marker posted since `since`, if any (see `SmsSender.findSent`). */
  findSent?(message: SlackMessage, since: Date): Promise<{ providerId: string } | undefined>;
}

/** What the ledger keeps of a message's text (no PII at rest): its digest, to recognise the message in the channel. */
export const contentDigest = (text: string): string => createHash('sha256').update(text).digest('hex');

export interface SmsMessage {
  to: string;
  body: string;
}
/** Sends an SMS; resolves to the provider's message SID. */
export interface SmsSender {
  send(message: SmsMessage): Promise<{ providerId: string }>;
  /**
   * The provider's record of this message sent since `since`, if any: how a send whose outcome was
   * never recorded (the worker died after the provider accepted it) is found instead of resent. A message
   * to the same number whose text has digest `formerDigest` (`contentDigest`) is the same message as an
   * earlier attempt composed it.
   */
  findSent?(message: SmsMessage, since: Date, formerDigest?: string): Promise<{ providerId: string } | undefined>;
}
