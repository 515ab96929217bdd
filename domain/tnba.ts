import { AUTOMATION_MARKER } from './ticket-notes';

/**
 * TNBA ("the next best action") rules: which of T7's predicted actions Bruin offers for a ticket,
 * which is best, and whether a new TNBA note is due. Pure, so workflow code can run them.
 */
export const TNBA_TITLE = 'TNBA (the next best action)';

/** The ticket categories TNBA reads: outage (VOO) and service-affecting (VAS) tickets alike (seed 002 says "Bruin tickets"). */
export const TNBA_TOPICS: { topics: Array<'VOO' | 'VAS'> } = { topics: ['VOO', 'VAS'] };

export interface Prediction {
  name: string;
  probability: number;
}
export interface TnbaNote {
  action: string;
  probability: number;
  at: string;
}

/**
 * The most confident prediction among the actions Bruin offers as next steps for the ticket's
 * current task (names compared without case or surrounding spaces); undefined when none is offered.
 */
export function bestOfferedAction(
  predictions: readonly Prediction[],
  offered: readonly string[],
): Prediction | undefined {
  const norm = (s: string) => s.trim().toLowerCase();
  const byName = new Map(offered.map((o) => [norm(o), o]));
  let best: Prediction | undefined;
  for (const p of predictions) {
    const name = byName.get(norm(p.name));
    if (name === undefined || !(p.probability >= 0 && p.probability <= 1)) continue;
    if (!best || p.probability > best.probability) best = { name, probability: p.probability };
  }
  return best;
}

const percent = (p: number) => `${Math.round(p * 1000) / 10}%`;

/** The TNBA note: marker, title, the action and T7's confidence. */
export function tnbaNote(best: Prediction, currentTask: string): string {
  return [
    AUTOMATION_MARKER,
    TNBA_TITLE,
    `Current task: ${currentTask}`,
    `Next best action: ${best.name}`,
    `Confidence: ${percent(best.probability)}`,
  ].join('\n');
}

/** The newest TNBA note among a ticket's notes: its action, confidence and creation time. */
export function lastTnbaNote(
  notes: ReadonlyArray<{ noteValue: string | null; createdDate: string }>,
): TnbaNote | undefined {
  let last: TnbaNote | undefined;
  for (const n of notes) {
    const lines = (n.noteValue ?? '').split('\n');
    if (lines[0]?.trim() !== AUTOMATION_MARKER || lines[1]?.trim() !== TNBA_TITLE) continue;
    const action = /^Next best action: (.+)$/m.exec(n.noteValue ?? '')?.[1]?.trim();
    const confidence = /^Confidence: ([\d.]+)%$/m.exec(n.noteValue ?? '')?.[1];
    const at = Date.parse(n.createdDate);
    if (!action || Number.isNaN(at)) continue;
    if (!last || at > Date.parse(last.at))
      last = { action, probability: confidence ? Number(confidence) / 100 : NaN, at: new Date(at).toISOString() };
  }
  return last;
}

export type TnbaDecision =
  | { kind: 'append'; best: Prediction; reason: 'first' | 'changed' }
  | { kind: 'same-action'; action: string }
  | { kind: 'changed-but-recent'; action: string; lastAt: string }
  | { kind: 'nothing-offered' };

/**
 * A note when the ticket has none, or when the best action changed and the last note is older than
 * `minNoteAgeMinutes`; otherwise nothing.
 */
export function decideTnba(
  best: Prediction | undefined,
  last: TnbaNote | undefined,
  nowMs: number,
  minNoteAgeMinutes: number,
): TnbaDecision {
  if (!best) return { kind: 'nothing-offered' };
  if (!last) return { kind: 'append', best, reason: 'first' };
  if (last.action.toLowerCase() === best.name.toLowerCase()) return { kind: 'same-action', action: best.name };
  if (nowMs - Date.parse(last.at) < minNoteAgeMinutes * 60_000)
    return { kind: 'changed-but-recent', action: best.name, lastAt: last.at };
  return { kind: 'append', best, reason: 'changed' };
}
