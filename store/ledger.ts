/** Channels whose sends go through the idempotency ledger. */
export type Channel = 'email' | 'slack' | 'sms';

/** What the ledger knew when a send began. */
export type BeginResult =
  | { state: 'new' }
  /** A previous attempt recorded its intent (`since`, ISO) but not its outcome: it died before, during or after the send. */
  | { state: 'pending'; attempts: number; since: string }
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
 * never delivers twice. Holds no recipient or message text: no PII at rest.
 */
export interface NotificationLedger {
  begin(key: string, channel: Channel): Promise<BeginResult>;
  markSent(key: string, providerId: string): Promise<void>;
  get(key: string): Promise<LedgerEntry | undefined>;
  close(): Promise<void>;
}
