import { z } from 'zod';
import { bool } from './parse';

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected an E.164 phone number such as +15005550006');

/**
 * Email (SMTP), Slack and SMS (Twilio). Unset URLs/hosts point at the local sandbox; real ones
 * (with real credentials) switch a channel to live.
 */
export const notifierEnv = z.object({
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SMTP_SECURE: bool(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  EMAIL_FROM: z.string().email('expected an email address').default('automation@mettel.example'),
  SLACK_API_URL: z.string().url('expected a URL such as https://slack.com/api/').optional(),
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xox[bp]-/, 'expected a Slack bot token (xoxb-...)')
    .default('xoxb-sandbox-token'),
  SLACK_DEFAULT_CHANNEL: z.string().min(1).default('#noc-automation'),
  TWILIO_API_URL: z.string().url('expected a URL such as https://api.twilio.com').optional(),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'expected AC followed by 32 hex digits')
    .default('AC00000000000000000000000000000000'),
  TWILIO_AUTH_TOKEN: z.string().min(1).default('sandbox-auth-token'),
  TWILIO_FROM_NUMBER: e164.default('+15005550006'),
});

export function notifierConfig(
  env: z.infer<typeof notifierEnv>,
  sandbox: { host: string; smtpPort: number; vendorUrl: (v: string) => string },
) {
  return {
    email: {
      host: env.SMTP_HOST ?? sandbox.host,
      port: env.SMTP_HOST ? (env.SMTP_PORT ?? 587) : sandbox.smtpPort,
      secure: env.SMTP_SECURE,
      auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASSWORD ?? '' } : undefined,
      from: env.EMAIL_FROM,
      live: env.SMTP_HOST !== undefined,
    },
    slack: {
      apiUrl: env.SLACK_API_URL ?? `${sandbox.vendorUrl('slack')}/api/`,
      token: env.SLACK_BOT_TOKEN,
      defaultChannel: env.SLACK_DEFAULT_CHANNEL,
      live: env.SLACK_API_URL !== undefined,
    },
    sms: {
      apiUrl: env.TWILIO_API_URL ?? sandbox.vendorUrl('twilio'),
      accountSid: env.TWILIO_ACCOUNT_SID,
      authToken: env.TWILIO_AUTH_TOKEN,
      from: env.TWILIO_FROM_NUMBER,
      live: env.TWILIO_API_URL !== undefined,
    },
  };
}
export type NotifierConfig = ReturnType<typeof notifierConfig>;
