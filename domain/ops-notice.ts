/** Who an ops notice goes to. Addresses and phone numbers are PII: they travel only in encrypted payloads. */
export interface OpsNoticeInput {
  noticeId: string;
  subject: string;
  text: string;
  emailTo?: string[];
  /** Posted to this Slack channel, or the default NOC channel when `slack` is true. */
  slackChannel?: string;
  slack?: boolean;
  smsTo?: string[];
}

export interface OpsNoticeResult {
  noticeId: string;
  sent: number;
  alreadySent: number;
}

/** One delivery an ops notice makes. The business ID is positional so it carries no PII. */
export type NoticeDelivery =
  | { channel: 'email'; step: 'notice-email'; businessId: string; to: string }
  | { channel: 'slack'; step: 'notice-slack'; businessId: string; slackChannel?: string }
  | { channel: 'sms'; step: 'notice-sms'; businessId: string; to: string };

/** Expands a notice into its deliveries, in a stable order (email, Slack, SMS). */
export function planNoticeDeliveries(input: OpsNoticeInput): NoticeDelivery[] {
  const emails = (input.emailTo ?? []).map((to, i): NoticeDelivery => ({
    channel: 'email',
    step: 'notice-email',
    businessId: `${input.noticeId}#${i + 1}`,
    to,
  }));
  const slack: NoticeDelivery[] =
    input.slack || input.slackChannel
      ? [{ channel: 'slack', step: 'notice-slack', businessId: input.noticeId, slackChannel: input.slackChannel }]
      : [];
  const sms = (input.smsTo ?? []).map((to, i): NoticeDelivery => ({
    channel: 'sms',
    step: 'notice-sms',
    businessId: `${input.noticeId}#${i + 1}`,
    to,
  }));
  return [...emails, ...slack, ...sms];
}

/** The one-line summary ops see in the Web UI for a notice; counts only, no recipients. */
export function noticeSummary(input: OpsNoticeInput): string {
  const parts = [
    input.emailTo?.length ? `${input.emailTo.length} email` : '',
    input.slack || input.slackChannel ? 'Slack' : '',
    input.smsTo?.length ? `${input.smsTo.length} SMS` : '',
  ].filter(Boolean);
  return `Ops notice ${input.noticeId}: ${parts.join(', ') || 'no recipients'}`;
}
