/** Channels whose sends go through the idempotency ledger. */
export type Channel = 'email' | 'slack' | 'sms';

/** What the ledger knew when a send began. */
export type BeginResult =
  | { state: 'new' }
  /**
   * A previous attempt recorded its intent (`since`, ISO) but not its outcome: it died before, during or after the send.
   * `contentDigest`: a digest of what the last attempt was about to send, where it recorded one.
   */
  | { state: 'pending'; attempts: number; since: string; contentDigest?: string }
  /** Already delivered: the caller must not send again. */
  | { state: 'sent'; providerId: string };

export interface LedgerEntry {
  key: string;
  channel: Channel;
  status: 'pending' | 'sent';
  attempts: number;
  providerId: string | null;
}

/**
 * The app store's record of outbound notifications, keyed by idempotency key (workflow ID + step +
 * business ID). Written before a send (intent) and after it (outcome), so a retried or reset activity
 * never delivers twice. Holds no recipient or message text, at most a digest of it: no PII at rest.
 */
export interface NotificationLedger {
  /** Records the intent (with a digest of the content about to be sent, when given) or says what an earlier one did. */
  begin(key: string, channel: Channel, contentDigest?: string): Promise<BeginResult>;
  /**
   * A pending message is about to be sent with other content than its last attempt recorded (an owed reminder's text
   * names the time left when it goes): the digest of the new content, for a later attempt to ask the channel about.
   */
  intend(key: string, contentDigest: string): Promise<void>;
  markSent(key: string, providerId: string): Promise<void>;
  get(key: string): Promise<LedgerEntry | undefined>;
  close(): Promise<void>;
}
