import { AUTOMATION_MARKER, automationNoteTitle, splitIntoNotes } from './ticket-notes';
import { formatInstant } from './time';

/**
 * Triage rules: which open outage tickets get edge-event notes, for which interval, and how those
 * notes are laid out and split under Bruin's note limit. Pure, so workflow code can run them.
 */

/** Second line of every VeloCloud triage note (the outage monitor's first note carries it too). */
export const TRIAGE_TITLE = 'Triage (VeloCloud)';
/** Third line of the outage recheck's note: it shares the triage title but is not a triage (seed 002). */
export const OUTAGE_DETECTED_LINE = 'Outage detected:';

export interface TriageRules {
  /** A triage note this recent (or newer) means the ticket is skipped. */
  recentMinutes: number;
  /** Look-back of a ticket's first triage. */
  firstLookbackDays: number;
}
export const DEFAULT_TRIAGE_RULES: TriageRules = { recentMinutes: 30, firstLookbackDays: 7 };

export interface TicketNote {
  noteValue: string | null;
  createdDate: string;
}
export interface Interval {
  start: string;
  end: string;
}

export type TriagePlan =
  | { kind: 'first'; interval: Interval }
  | { kind: 'update'; interval: Interval; lastTriageAt: string }
  | { kind: 'skip'; lastTriageAt: string };

/** A triage note: our marker and the triage title, and not the outage recheck's note. */
export function isTriageNote(text: string | null): boolean {
  if (automationNoteTitle(text) !== TRIAGE_TITLE) return false;
  return !(text ?? '').split('\n', 3)[2]?.startsWith(OUTAGE_DETECTED_LINE);
}

/** Newest creation instant (ms) among a ticket's triage notes, or undefined when it has none. */
export function lastTriageAt(notes: readonly TicketNote[]): number | undefined {
  let newest: number | undefined;
  for (const n of notes) {
    if (!isTriageNote(n.noteValue)) continue;
    const at = Date.parse(n.createdDate);
    if (!Number.isNaN(at) && (newest === undefined || at > newest)) newest = at;
  }
  return newest;
}

/**
 * No triage note yet → events of the last 7 days; newest triage note older than 30 minutes →
 * events since that note was written; otherwise nothing to do.
 */
export function planTriage(
  notes: readonly TicketNote[],
  nowMs: number,
  rules: TriageRules = DEFAULT_TRIAGE_RULES,
): TriagePlan {
  const end = new Date(nowMs).toISOString();
  const last = lastTriageAt(notes);
  if (last === undefined) {
    return {
      kind: 'first',
      interval: { start: new Date(nowMs - rules.firstLookbackDays * 86_400_000).toISOString(), end },
    };
  }
  const lastIso = new Date(last).toISOString();
  if (nowMs - last <= rules.recentMinutes * 60_000) return { kind: 'skip', lastTriageAt: lastIso };
  return { kind: 'update', interval: { start: lastIso, end }, lastTriageAt: lastIso };
}

export interface EdgeEvent {
  eventTime: string;
  event: string;
  severity: string;
  message: string;
}
export interface TriageEdge {
  serialNumber: string;
  host: string;
  enterpriseId: number;
  edgeId: number;
  name?: string;
}

function eventBlock(e: EdgeEvent, timeZone: string): string {
  return `${formatInstant(e.eventTime, timeZone)}  ${e.event} [${e.severity}]\n  ${e.message.replace(/\s*\n\s*/g, ' ')}`;
}

function header(edge: TriageEdge, interval: Interval, timeZone: string, part?: { index: number; of: number }): string {
  return [
    AUTOMATION_MARKER,
    TRIAGE_TITLE,
    `Edge: ${edge.name ? `${edge.name} ` : ''}(serial ${edge.serialNumber})`,
    `Orchestrator: ${edge.host}, enterprise ${edge.enterpriseId}, edge ${edge.edgeId}`,
    `Events from ${formatInstant(interval.start, timeZone)} to ${formatInstant(interval.end, timeZone)} (${timeZone})`,
    ...(part && part.of > 1 ? [`Part ${part.index} of ${part.of}`] : []),
  ].join('\n');
}

/**
 * The triage notes for an edge's events in an interval, oldest event first. Each note stays under
 * Bruin's limit and repeats the header; notes split between events, never inside one. An event too
 * long for a note of its own has its message cut, and says so.
 */
export function triageNotes(
  edge: TriageEdge,
  interval: Interval,
  events: readonly EdgeEvent[],
  timeZone: string,
): string[] {
  if (events.length === 0) return [`${header(edge, interval, timeZone)}\n\nNo edge events in this interval.`];
  const blocks = [...events]
    .sort((a, b) => Date.parse(a.eventTime) - Date.parse(b.eventTime))
    .map((e) => eventBlock(e, timeZone));
  return splitIntoNotes(blocks, (part) => header(edge, interval, timeZone, part));
}
