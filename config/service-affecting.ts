import { z } from 'zod';
import { DEFAULT_AUTO_RESOLVE, DEFAULT_THRESHOLDS, type Thresholds } from '../domain/service-affecting';
import { isTimeZone } from '../domain/time';
import { bool, csv } from './parse';

const positive = (fallback: number, max: number) => z.coerce.number().positive().max(max).default(fallback);
const whole = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const d = DEFAULT_THRESHOLDS;

/** The service-affecting monitor: thresholds, scan windows, auto-resolve, who is told, dry run. */
export const serviceAffectingEnv = z.object({
  SA_LATENCY_MS: positive(d.latencyMs, 60_000),
  SA_WIRELESS_LATENCY_MS: positive(d.wirelessLatencyMs, 60_000),
  SA_PACKET_LOSS_PCT: positive(d.packetLossPct, 100),
  SA_JITTER_MS: positive(d.jitterMs, 60_000),
  SA_BANDWIDTH_PCT: positive(d.bandwidthPct, 100),
  SA_INSTABILITY_EVENTS: whole(d.instabilityEvents, 10_000),
  SA_SCAN_MINUTES: whole(d.scanMinutes, 1_440),
  SA_INSTABILITY_SCAN_MINUTES: whole(d.instabilityScanMinutes, 1_440),
  SA_AUTO_RESOLVE_DAY_MINUTES: whole(DEFAULT_AUTO_RESOLVE.dayMinutes, 10_080),
  SA_AUTO_RESOLVE_NIGHT_MINUTES: whole(DEFAULT_AUTO_RESOLVE.nightMinutes, 10_080),
  SA_AUTO_RESOLVE_MAX: z.coerce.number().int().min(0).max(100).default(DEFAULT_AUTO_RESOLVE.maxPerTicket),
  SA_TIME_ZONE: z
    .string()
    .default('America/New_York')
    .refine(isTimeZone, 'must be an IANA time zone, e.g. America/New_York'),
  SA_EMAIL_TO: csv
    .pipe(z.array(z.string().email('every entry must be an email address')).min(1, 'at least one address'))
    .default(['noc@mettel.example']),
  SA_DRY_RUN: bool(false),
});

export function serviceAffectingConfig(env: z.infer<typeof serviceAffectingEnv>) {
  const thresholds: Thresholds = {
    latencyMs: env.SA_LATENCY_MS,
    wirelessLatencyMs: env.SA_WIRELESS_LATENCY_MS,
    packetLossPct: env.SA_PACKET_LOSS_PCT,
    jitterMs: env.SA_JITTER_MS,
    bandwidthPct: env.SA_BANDWIDTH_PCT,
    instabilityEvents: env.SA_INSTABILITY_EVENTS,
    scanMinutes: env.SA_SCAN_MINUTES,
    instabilityScanMinutes: env.SA_INSTABILITY_SCAN_MINUTES,
  };
  return {
    thresholds,
    autoResolve: {
      dayMinutes: env.SA_AUTO_RESOLVE_DAY_MINUTES,
      nightMinutes: env.SA_AUTO_RESOLVE_NIGHT_MINUTES,
      maxPerTicket: env.SA_AUTO_RESOLVE_MAX,
      timeZone: env.SA_TIME_ZONE,
    },
    emailTo: env.SA_EMAIL_TO,
    dryRun: env.SA_DRY_RUN,
  };
}
export type ServiceAffectingConfig = ReturnType<typeof serviceAffectingConfig>;
