import { z } from 'zod';
import { isTimeZone } from '../domain/time';
import { bool, csv, duration } from './parse';

/** "all" (every client of the VeloCloud customer cache) or a list of Bruin client IDs. */
const clientIds = z
  .string()
  .default('all')
  .refine(
    (v) => v.trim() === 'all' || /^\s*\d+(\s*,\s*\d+)*\s*$/.test(v),
    'must be "all" or a comma-separated list of Bruin client IDs',
  )
  .transform((v) => (v.trim() === 'all' ? ('all' as const) : v.split(',').map((x) => x.trim())));

/** Monitor behaviour: dry-run (compute actions, change nothing), recheck delay, Digi reboots, triage. */
export const monitorsEnv = z.object({
  OUTAGE_MONITOR_DRY_RUN: bool(false),
  OUTAGE_RECHECK_DELAY_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  OUTAGE_REBOOT_DIGI: bool(false),
  OUTAGE_ENTERPRISES_PER_BATCH: z.coerce.number().int().min(1).max(500).default(10),
  STORM_MIN_TICKETS: z.coerce.number().int().min(0).max(100_000).default(10),
  FLAP_TRANSITIONS: z.coerce.number().int().min(0).max(1_000).default(3),
  FLAP_WINDOW: duration('60m', 60, 7 * 86_400),
  FLAP_STABLE: duration('30m', 10, 7 * 86_400),
  MAINTENANCE_MAX_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  TRIAGE_CLIENT_IDS: clientIds,
  TRIAGE_NOTES: z.enum(['append', 'slack']).optional(),
  TRIAGE_TIME_ZONE: z
    .string()
    .default('America/New_York')
    .refine(isTimeZone, 'must be an IANA time zone, e.g. America/New_York'),
  TRIAGE_PAGE_SIZE: z.coerce.number().int().min(1).max(500).default(100),
  TRIAGE_PAGES_PER_RUN: z.coerce.number().int().min(1).max(50).default(4),
  TRIAGE_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(10),
  DISPATCH_CTS_TIME_ZONE: z
    .string()
    .default('America/New_York')
    .refine(isTimeZone, 'must be an IANA time zone, e.g. America/New_York'),
  DISPATCH_COMPLETE_AFTER_HOURS: z.coerce.number().min(1).max(240).default(24),
  DISPATCH_DRY_RUN: bool(false),
  DISPATCH_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(200),
  TNBA_CLIENT_IDS: clientIds,
  TNBA_NOTES: z.enum(['append', 'slack']).optional(),
  TNBA_DRY_RUN: bool(false),
  TNBA_MIN_NOTE_AGE_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  SITES_SLACK_INTERVAL: duration('1h', 10, 86_400),
  ESCALATION_CLIENT_IDS: clientIds,
  ESCALATE_AFTER: duration('30m', 60, 7 * 86_400),
  ESCALATE_EVERY: duration('60m', 60, 7 * 86_400),
  ESCALATION_SLACK_CHANNEL: z
    .string()
    .regex(/^#[a-z0-9_-]{1,80}$/, 'must be a Slack channel such as #noc-escalations')
    .default('#noc-escalations'),
  ESCALATION_EMAIL_TO: csv
    .pipe(z.array(z.string().email('every entry must be an email address')).min(1, 'at least one address'))
    .default(['noc-escalations@mettel.example']),
  ESCALATION_DRY_RUN: bool(false),
});

export function monitorsConfig(env: z.infer<typeof monitorsEnv>, appEnv: 'development' | 'production' | 'test') {
  return {
    outage: {
      dryRun: env.OUTAGE_MONITOR_DRY_RUN,
      recheckDelay: `${env.OUTAGE_RECHECK_DELAY_SECONDS}s`,
      rebootDigi: env.OUTAGE_REBOOT_DIGI,
      enterprisesPerBatch: env.OUTAGE_ENTERPRISES_PER_BATCH,
      stormMinTickets: env.STORM_MIN_TICKETS,
      flap: { transitions: env.FLAP_TRANSITIONS, windowSeconds: env.FLAP_WINDOW, stableSeconds: env.FLAP_STABLE },
    },
    triage: {
      clientIds: env.TRIAGE_CLIENT_IDS,
      // The seeds' rule: only production writes triage notes; elsewhere Slack gets what would be written.
      notes: env.TRIAGE_NOTES ?? (appEnv === 'production' ? ('append' as const) : ('slack' as const)),
      timeZone: env.TRIAGE_TIME_ZONE,
      pageSize: env.TRIAGE_PAGE_SIZE,
      pagesPerRun: env.TRIAGE_PAGES_PER_RUN,
      concurrency: env.TRIAGE_CONCURRENCY,
    },
    dispatch: {
      ctsTimeZone: env.DISPATCH_CTS_TIME_ZONE,
      completeAfterHours: env.DISPATCH_COMPLETE_AFTER_HOURS,
      dryRun: env.DISPATCH_DRY_RUN,
      pageSize: env.DISPATCH_PAGE_SIZE,
    },
    sites: { summaryIntervalSeconds: env.SITES_SLACK_INTERVAL },
    maintenance: { maxDays: env.MAINTENANCE_MAX_DAYS },
    escalation: {
      clientIds: env.ESCALATION_CLIENT_IDS,
      afterMinutes: Math.ceil(env.ESCALATE_AFTER / 60),
      everyMinutes: Math.ceil(env.ESCALATE_EVERY / 60),
      slackChannel: env.ESCALATION_SLACK_CHANNEL,
      emailTo: env.ESCALATION_EMAIL_TO,
      dryRun: env.ESCALATION_DRY_RUN,
    },
    tnba: {
      clientIds: env.TNBA_CLIENT_IDS,
      notes: env.TNBA_NOTES ?? (appEnv === 'production' ? ('append' as const) : ('slack' as const)),
      dryRun: env.TNBA_DRY_RUN,
      minNoteAgeMinutes: env.TNBA_MIN_NOTE_AGE_MINUTES,
    },
  };
}
export type MonitorsConfig = ReturnType<typeof monitorsConfig>;
