/**
 * Service-affecting troubles (seed 002's "Service-affecting-monitor"): per link, over the scan window,
 * latency, packet loss, jitter and bandwidth over-utilization against thresholds; per edge, circuit
 * instability from its LINK_DEAD / EDGE_DOWN events. Pure: the activity classifies with it, the
 * workflow writes its notes.
 */
import { automationNote, automationNoteTitle } from './ticket-notes';
import { formatInstant } from './time';

export const TROUBLES = [
  'Latency',
  'Packet Loss',
  'Jitter',
  'Bandwidth Over Utilization',
  'Circuit Instability',
] as const;
export type Trouble = (typeof TROUBLES)[number];

export interface Thresholds {
  /** Milliseconds; a wireless link (service group PUBLIC_WIRELESS) has its own. */
  latencyMs: number;
  wirelessLatencyMs: number;
  /** Percent of packets. */
  packetLossPct: number;
  jitterMs: number;
  /** Percent of the best path's bandwidth used over the window. */
  bandwidthPct: number;
  /** LINK_DEAD / EDGE_DOWN events within the instability window. */
  instabilityEvents: number;
  scanMinutes: number;
  instabilityScanMinutes: number;
  /**
   * Hysteresis: the level under which a raised trouble clears, per trouble (absent: `DEFAULT_CLEAR_RATIO` of the raise
   * level). A value between the two raises nothing new and clears nothing.
   */
  clearLevels?: ClearLevels;
}

/** The clear level of each threshold, in the threshold's unit. */
export type ClearLevels = Pick<
  Thresholds,
  'latencyMs' | 'wirelessLatencyMs' | 'packetLossPct' | 'jitterMs' | 'bandwidthPct' | 'instabilityEvents'
>;

/** A trouble clears under 80 % of its raise level unless configured otherwise (Zabbix's recovery expression). */
export const DEFAULT_CLEAR_RATIO = 0.8;

/** Every clear level at `ratio` of its raise level. */
export function clearLevelsAt(t: Thresholds, ratio: number): ClearLevels {
  // Rounded, so 80 % of 8 is 6.4 and not 6.4000000000000004 (a figure of 6.4 is at the level, not under it).
  const at = (raise: number) => Number((raise * ratio).toFixed(6));
  return {
    latencyMs: at(t.latencyMs),
    wirelessLatencyMs: at(t.wirelessLatencyMs),
    packetLossPct: at(t.packetLossPct),
    jitterMs: at(t.jitterMs),
    bandwidthPct: at(t.bandwidthPct),
    instabilityEvents: at(t.instabilityEvents),
  };
}

/** The original system's values (issue 19): every one configurable (SA_* variables). */
export const DEFAULT_THRESHOLDS: Thresholds = {
  latencyMs: 140,
  wirelessLatencyMs: 300,
  packetLossPct: 8,
  jitterMs: 50,
  bandwidthPct: 90,
  instabilityEvents: 10,
  scanMinutes: 30,
  instabilityScanMinutes: 60,
};

export const INSTABILITY_EVENTS = ['LINK_DEAD', 'EDGE_DOWN'];

/** A link's figures over the scan window (VeloCloud's best path, each direction). */
export interface LinkMetrics {
  interface: string;
  linkName: string;
  wireless: boolean;
  latencyMs: { rx: number; tx: number };
  jitterMs: { rx: number; tx: number };
  lossPct: { rx: number; tx: number };
  bytes: { rx: number; tx: number };
  bandwidthBps: { rx: number; tx: number };
}

/** One trouble found: what, on which interface, the threshold, and what was measured each way. */
export interface TroubleFound {
  trouble: Trouble;
  interface: string;
  linkName: string;
  threshold: string;
  measured: string;
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

/** Bandwidth used, each way, as a percent of the best path's (0 when the path's bandwidth is unknown). */
export function utilizationPct(link: LinkMetrics, scanMinutes: number): { rx: number; tx: number } {
  const pct = (bytes: number, bps: number) => (bps > 0 ? (bytes * 8 * 100) / (bps * scanMinutes * 60) : 0);
  return { rx: pct(link.bytes.rx, link.bandwidthBps.rx), tx: pct(link.bytes.tx, link.bandwidthBps.tx) };
}

/** A link's troubles over the scan window: a value strictly over its threshold, either way. */
export function linkTroubles(link: LinkMetrics, t: Thresholds): TroubleFound[] {
  const found: TroubleFound[] = [];
  const check = (trouble: Trouble, pair: { rx: number; tx: number }, limit: number, unit: string) => {
    if (Math.max(pair.rx, pair.tx) > limit)
      found.push({
        trouble,
        interface: link.interface,
        linkName: link.linkName,
        threshold: `${limit} ${unit}`,
        measured: `Rx ${round(pair.rx)} ${unit}, Tx ${round(pair.tx)} ${unit}`,
      });
  };
  check('Latency', link.latencyMs, link.wireless ? t.wirelessLatencyMs : t.latencyMs, 'ms');
  check('Packet Loss', link.lossPct, t.packetLossPct, '%');
  check('Jitter', link.jitterMs, t.jitterMs, 'ms');
  check('Bandwidth Over Utilization', utilizationPct(link, t.scanMinutes), t.bandwidthPct, '%');
  return found;
}

/**
 * Whether an edge that raised nothing is still short of clear (hysteresis): some link figure at or over its clear
 * level, or its instability events at or over theirs. Such an edge gets no new note and no auto-resolve.
 */
export function holdsTrouble(links: readonly LinkMetrics[], events: number, t: Thresholds): boolean {
  const c = t.clearLevels ?? clearLevelsAt(t, DEFAULT_CLEAR_RATIO);
  const atOrOver = (pair: { rx: number; tx: number }, level: number) => Math.max(pair.rx, pair.tx) >= level;
  return (
    events >= c.instabilityEvents ||
    links.some(
      (l) =>
        atOrOver(l.latencyMs, l.wireless ? c.wirelessLatencyMs : c.latencyMs) ||
        atOrOver(l.lossPct, c.packetLossPct) ||
        atOrOver(l.jitterMs, c.jitterMs) ||
        atOrOver(utilizationPct(l, t.scanMinutes), c.bandwidthPct),
    )
  );
}

/** Circuit instability: `events` LINK_DEAD / EDGE_DOWN events in the instability window, at or over the threshold. */
export function instability(events: number, t: Thresholds): TroubleFound | undefined {
  return events >= t.instabilityEvents
    ? {
        trouble: 'Circuit Instability',
        interface: 'all',
        linkName: 'all links',
        threshold: `${t.instabilityEvents} LINK_DEAD/EDGE_DOWN events in ${t.instabilityScanMinutes} min`,
        measured: `${events} events`,
      }
    : undefined;
}

export const SERVICE_AFFECTING_TITLE = 'Service affecting (VeloCloud)';
export const AUTO_RESOLVE_TITLE = 'Service affecting: auto-resolved';

export interface TroubledEdge {
  host: string;
  enterpriseId: number;
  edgeId: number;
  edgeName: string;
  serialNumber: string;
  clientId: string;
  troubles: TroubleFound[];
}

/** The ticket in Bruin's web app, for the NOC's email and Slack line. */
export const bruinTicketUrl = (ticketId: string) => `https://app.bruin.com/t/${ticketId}`;

/** The edge's page in the VeloCloud Orchestrator's monitor. */
export const edgeMonitorUrl = (e: Pick<TroubledEdge, 'host' | 'enterpriseId' | 'edgeId'>) =>
  `https://${e.host}/#!/operator/customer/${e.enterpriseId}/monitor/edge/${e.edgeId}/`;

/** The note for one trouble on one edge: every field ops need, always under Bruin's limit. */
export function troubleNote(
  edge: TroubledEdge,
  found: TroubleFound,
  scan: { scanMinutes: number; at: string; timeZone: string },
): string {
  return automationNote([
    SERVICE_AFFECTING_TITLE,
    '',
    `Trouble: ${found.trouble}`,
    `Interface: ${found.interface}`,
    `Edge Name: ${edge.edgeName}`,
    `Serial: ${edge.serialNumber}`,
    `Link: ${found.linkName}`,
    `Threshold: ${found.threshold}`,
    `Measured: ${found.measured}`,
    `Scan interval: ${found.trouble === 'Circuit Instability' ? 'instability window' : `${scan.scanMinutes} min`}`,
    `Scan time: ${formatInstant(scan.at, scan.timeZone)}`,
    `VeloCloud: ${edgeMonitorUrl(edge)}`,
  ]);
}

/** The trouble and interface a note of ours was written for, or undefined for any other note. */
export function noteTrouble(text: string | null | undefined): { trouble: string; interface: string } | undefined {
  if (automationNoteTitle(text) !== SERVICE_AFFECTING_TITLE) return undefined;
  const field = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(text ?? '')?.[1]?.trim();
  const trouble = field('Trouble');
  const iface = field('Interface');
  return trouble && iface ? { trouble, interface: iface } : undefined;
}

/**
 * Troubles not yet noted on the open ticket: a note for the same trouble and interface is enough,
 * unless the ticket was auto-resolved since (a trouble that comes back is news again).
 */
export function newTroubles(found: TroubleFound[], notes: ReadonlyArray<{ noteValue: string | null }>): TroubleFound[] {
  const lastResolve = notes.map((n) => automationNoteTitle(n.noteValue)).lastIndexOf(AUTO_RESOLVE_TITLE);
  const noted = new Set(
    notes.slice(lastResolve + 1).flatMap((n) => {
      const t = noteTrouble(n.noteValue);
      return t ? [`${t.trouble}\n${t.interface}`] : [];
    }),
  );
  return found.filter((f) => !noted.has(`${f.trouble}\n${f.interface}`));
}

export interface AutoResolvePolicy {
  /** Minutes without a new trouble note before the ticket resolves, by day and at night. */
  dayMinutes: number;
  nightMinutes: number;
  /** Auto-resolves one ticket may get; after that a person resolves it. */
  maxPerTicket: number;
  timeZone: string;
}

export const DEFAULT_AUTO_RESOLVE: Omit<AutoResolvePolicy, 'timeZone'> = {
  dayMinutes: 90,
  nightMinutes: 180,
  maxPerTicket: 3,
};

/** Night is 19:00 to 07:00 in the policy's zone: fewer people watch, so a cleared trouble waits longer. */
export function isNight(at: number, timeZone: string): boolean {
  const hour = Number(new Intl.DateTimeFormat('en-US', { hour: 'numeric', hourCycle: 'h23', timeZone }).format(at));
  return hour >= 19 || hour < 7;
}

export const autoResolveNote = (serialNumber: string, clearedMinutes: number, cycle: string) =>
  automationNote([
    AUTO_RESOLVE_TITLE,
    '',
    `Serial: ${serialNumber}`,
    `No service-affecting trouble for ${clearedMinutes} min: resolving the ticket.`,
    `Cycle: ${cycle}`,
  ]);

/**
 * Whether an open ticket of an edge with no trouble now resolves: its newest trouble note is older
 * than the policy's wait (day or night, by now), and it has not been auto-resolved `maxPerTicket` times.
 */
export function autoResolveDecision(
  notes: ReadonlyArray<{ noteValue: string | null; createdDate: string }>,
  now: number,
  policy: AutoResolvePolicy,
):
  | { resolve: true; clearedMinutes: number }
  | { resolve: false; why: 'recent-trouble' | 'limit-reached' | 'no-trouble-note' } {
  const resolves = notes.filter((n) => automationNoteTitle(n.noteValue) === AUTO_RESOLVE_TITLE).length;
  if (resolves >= policy.maxPerTicket) return { resolve: false, why: 'limit-reached' };
  const last = Math.max(...notes.filter((n) => noteTrouble(n.noteValue)).map((n) => Date.parse(n.createdDate)));
  if (!Number.isFinite(last)) return { resolve: false, why: 'no-trouble-note' };
  const wait = isNight(now, policy.timeZone) ? policy.nightMinutes : policy.dayMinutes;
  return now - last >= wait * 60_000
    ? { resolve: true, clearedMinutes: Math.floor((now - last) / 60_000) }
    : { resolve: false, why: 'recent-trouble' };
}
