/** One outbound email. `messageId` is deterministic per idempotency key so receivers can de-duplicate. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  messageId: string;
}
/** Sends email; resolves to the provider's message id. */
export interface EmailSender {
  send(message: EmailMessage): Promise<{ providerId: string }>;
}

export interface SlackMessage {
  channel: string;
  text: string;
}
/** Posts to Slack; resolves to the message timestamp. */
export interface SlackPoster {
  post(message: SlackMessage): Promise<{ providerId: string }>;
}

export interface SmsMessage {
  to: string;
  body: string;
}
/** Sends an SMS; resolves to the provider's message SID. */
export interface SmsSender {
  send(message: SmsMessage): Promise<{ providerId: string }>;
}
