import { z } from 'zod';
import {
  clearLevelsAt,
  DEFAULT_AUTO_RESOLVE,
  DEFAULT_CLEAR_RATIO,
  DEFAULT_THRESHOLDS,
  type ClearLevels,
  type Thresholds,
} from '../domain/service-affecting';
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
  // Hysteresis: a raised trouble clears under its clear level; each defaults to SA_CLEAR_RATIO of its raise level.
  SA_CLEAR_RATIO: z.coerce.number().gt(0).max(1).default(DEFAULT_CLEAR_RATIO),
  SA_LATENCY_CLEAR_MS: z.coerce.number().positive().optional(),
  SA_WIRELESS_LATENCY_CLEAR_MS: z.coerce.number().positive().optional(),
  SA_PACKET_LOSS_CLEAR_PCT: z.coerce.number().positive().optional(),
  SA_JITTER_CLEAR_MS: z.coerce.number().positive().optional(),
  SA_BANDWIDTH_CLEAR_PCT: z.coerce.number().positive().optional(),
  SA_INSTABILITY_CLEAR_EVENTS: z.coerce.number().int().positive().optional(),
});

/** Each clear level variable with the raise level it must stay at or under. */
const CLEAR_VARIABLES: Array<[keyof z.infer<typeof serviceAffectingEnv>, keyof ClearLevels, string]> = [
  ['SA_LATENCY_CLEAR_MS', 'latencyMs', 'SA_LATENCY_MS'],
  ['SA_WIRELESS_LATENCY_CLEAR_MS', 'wirelessLatencyMs', 'SA_WIRELESS_LATENCY_MS'],
  ['SA_PACKET_LOSS_CLEAR_PCT', 'packetLossPct', 'SA_PACKET_LOSS_PCT'],
  ['SA_JITTER_CLEAR_MS', 'jitterMs', 'SA_JITTER_MS'],
  ['SA_BANDWIDTH_CLEAR_PCT', 'bandwidthPct', 'SA_BANDWIDTH_PCT'],
  ['SA_INSTABILITY_CLEAR_EVENTS', 'instabilityEvents', 'SA_INSTABILITY_EVENTS'],
];

/** A clear level above its raise level would never let the trouble raise cleanly: each one named. */
export function clearLevelProblems(env: z.infer<typeof serviceAffectingEnv>): string[] {
  const t = thresholdsOf(env);
  return CLEAR_VARIABLES.flatMap(([name, level, raise]) => {
    const value = env[name] as number | undefined;
    return value !== undefined && value > t[level] ? [`${name}: must be at or under ${raise} (${t[level]})`] : [];
  });
}

function thresholdsOf(env: z.infer<typeof serviceAffectingEnv>): Omit<Thresholds, 'clearLevels'> {
  return {
    latencyMs: env.SA_LATENCY_MS,
    wirelessLatencyMs: env.SA_WIRELESS_LATENCY_MS,
    packetLossPct: env.SA_PACKET_LOSS_PCT,
    jitterMs: env.SA_JITTER_MS,
    bandwidthPct: env.SA_BANDWIDTH_PCT,
    instabilityEvents: env.SA_INSTABILITY_EVENTS,
    scanMinutes: env.SA_SCAN_MINUTES,
    instabilityScanMinutes: env.SA_INSTABILITY_SCAN_MINUTES,
  };
}

export function serviceAffectingConfig(env: z.infer<typeof serviceAffectingEnv>) {
  const raise = thresholdsOf(env);
  const byRatio = clearLevelsAt(raise, env.SA_CLEAR_RATIO);
  const clearLevels = Object.fromEntries(
    CLEAR_VARIABLES.map(([name, level]) => [level, (env[name] as number | undefined) ?? byRatio[level]]),
  ) as ClearLevels;
  const thresholds: Thresholds = { ...raise, clearLevels };
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
