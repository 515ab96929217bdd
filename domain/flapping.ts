/**
 * Flap damping (Zabbix's recovery expressions, the Orchestrator's alert delays): an edge that changes state
 * `transitions` times within `windowSeconds` is flapping. Its outage ticket stays open with one note, without the
 * resolve and reopen churn, until the edge has gone `stableSeconds` without a change; then it is resolved with a note
 * that says so. Pure: the outage check keeps one record per edge in the app store and asks `observeEdge` what the
 * cycle's look means.
 */
import { automationNote } from './ticket-notes';

export interface FlapPolicy {
  /** State changes within the window that make an edge flapping; 0 turns damping off. */
  transitions: number;
  windowSeconds: number;
  /** Seconds without a change after which a flapping edge is stable again. */
  stableSeconds: number;
}

/** A flapping episode, from the look that found it to the one that finds the edge stable again. */
export interface FlapEpisode {
  /** When the edge was found flapping (ISO). */
  since: string;
  /** The first change counted, and the latest one (ISO). */
  first: string;
  last: string;
  /** Changes from `first` to `last`. */
  changes: number;
  /** Whether its ticket has this episode's flapping note. */
  noted: boolean;
}

/** What the store keeps of one edge: absent for an edge up with no change in the window (the healthy majority). */
export interface FlapRecord {
  down: boolean;
  /** The changes within the window, oldest first (ISO). */
  changes: string[];
  flapping?: FlapEpisode;
  /** The cycle whose look wrote it: that cycle's retried look changes nothing. */
  cycle: string;
}

export type FlapVerdict =
  /** Not flapping: the seed's rules (ticket when down, resolve when up). */
  | { kind: 'steady' }
  /** Flapping: the ticket stays open, whatever the edge's state this cycle. */
  | ({ kind: 'flapping' } & FlapEpisode)
  /** Was flapping and has been up, without a change, for the stable time: resolve with the settled note. */
  | ({ kind: 'settled' } & Omit<FlapEpisode, 'noted'>);

const SECOND = 1_000;

/** `30 minutes`, `1 hour`, `90 seconds`: how a note names a config duration. */
export function spelledDuration(seconds: number): string {
  const unit = (n: number, name: string) => `${n} ${name}${n === 1 ? '' : 's'}`;
  if (seconds % 3600 === 0) return unit(seconds / 3600, 'hour');
  if (seconds % 60 === 0) return unit(seconds / 60, 'minute');
  return unit(seconds, 'second');
}

export const flapDampingOn = (policy: FlapPolicy | undefined): policy is FlapPolicy =>
  !!policy && policy.transitions > 0;

/** What a look at an edge (`down` at `at`, by `cycle`) means, and what the store keeps of it afterwards. */
export function observeEdge(
  prev: FlapRecord | undefined,
  look: { down: boolean; at: string; cycle: string },
  policy: FlapPolicy,
): { record: FlapRecord | undefined; verdict: FlapVerdict } {
  if (prev?.cycle === look.cycle) return { record: prev, verdict: verdictOf(prev) };
  const at = Date.parse(look.at);
  const changed = look.down !== (prev?.down ?? false);
  const changes = [
    ...(prev?.changes ?? []).filter((t) => Date.parse(t) > at - policy.windowSeconds * SECOND),
    ...(changed ? [look.at] : []),
  ];
  const keep = (record: FlapRecord) =>
    record.down || record.changes.length > 0 || record.flapping ? record : undefined;

  const episode = prev?.flapping;
  if (episode) {
    const current = changed ? { ...episode, changes: episode.changes + 1, last: look.at } : episode;
    if (at - Date.parse(current.last) < policy.stableSeconds * SECOND) {
      const record = { down: look.down, changes, flapping: current, cycle: look.cycle };
      return { record, verdict: { kind: 'flapping', ...current } };
    }
    // Stable again. Down all that time, it is an ordinary outage now (its ticket is open); up, it is resolved. Either
    // way the episode's changes are forgotten, so the next change does not find it flapping at once.
    const { noted: _noted, ...settled } = current;
    return look.down
      ? { record: keep({ down: true, changes: [], cycle: look.cycle }), verdict: { kind: 'steady' } }
      : { record: undefined, verdict: { kind: 'settled', ...settled } };
  }
  if (changes.length >= policy.transitions) {
    const found: FlapEpisode = {
      since: look.at,
      first: changes[0],
      last: changes[changes.length - 1],
      changes: changes.length,
      noted: false,
    };
    return {
      record: { down: look.down, changes, flapping: found, cycle: look.cycle },
      verdict: { kind: 'flapping', ...found },
    };
  }
  return { record: keep({ down: look.down, changes, cycle: look.cycle }), verdict: { kind: 'steady' } };
}

/** The verdict a record stands for (a retried look of the cycle that wrote it). */
function verdictOf(record: FlapRecord): FlapVerdict {
  return record.flapping ? { kind: 'flapping', ...record.flapping } : { kind: 'steady' };
}

/** The record with its episode's note written (the same record when the episode is not `since`'s). */
export function withFlapNoted(record: FlapRecord, since: string): FlapRecord {
  return record.flapping?.since === since ? { ...record, flapping: { ...record.flapping, noted: true } } : record;
}

export const FLAPPING_TITLE = 'Edge flapping';

/** The one note a flapping edge's ticket gets for an episode (its first change makes it unique to the episode). */
export function flappingNote(
  serialNumber: string,
  episode: Pick<FlapEpisode, 'first' | 'last' | 'changes'>,
  policy: FlapPolicy,
): string {
  return automationNote([
    FLAPPING_TITLE,
    `Device ${serialNumber} changed state ${episode.changes} times between ${episode.first} and ${episode.last} ` +
      `(flapping: ${policy.transitions} changes within ${spelledDuration(policy.windowSeconds)}).`,
    `The ticket stays open, without resolving and reopening, until the device is stable for ${spelledDuration(policy.stableSeconds)}.`,
  ]);
}

/** The note written before a flapping edge's ticket is resolved because the edge has been stable. */
export function settledNote(
  serialNumber: string,
  episode: Pick<FlapEpisode, 'first' | 'last' | 'changes'>,
  policy: FlapPolicy,
  cycle: string,
): string {
  return automationNote([
    `Auto-resolving ticket: device ${serialNumber} is stable again after flapping.`,
    `It changed state ${episode.changes} times between ${episode.first} and ${episode.last}, ` +
      `and not once in the ${spelledDuration(policy.stableSeconds)} since; it is up.`,
    `Monitor cycle: ${cycle}`,
  ]);
}
