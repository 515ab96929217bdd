import { AUTOMATION_MARKER } from '../../../domain/ticket-notes';
import { bestOfferedAction, decideTnba, lastTnbaNote, TNBA_TITLE, tnbaNote } from '../../../domain/tnba';

const now = Date.parse('2026-11-23T20:00:00Z');
const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();

describe('TNBA rules', () => {
  it('keeps only actions Bruin offers and picks the most confident', () => {
    const predictions = [
      { name: 'Repair Completed', probability: 0.9 },
      { name: 'Request Site Access', probability: 0.6 },
      { name: 'wait for customer', probability: 0.7 },
    ];
    expect(bestOfferedAction(predictions, ['Wait for Customer', 'Request Site Access'])).toEqual({
      name: 'Wait for Customer',
      probability: 0.7,
    });
    expect(bestOfferedAction(predictions, ['Dispatch Tech'])).toBeUndefined();
    expect(bestOfferedAction([], ['x'])).toBeUndefined();
    expect(bestOfferedAction([{ name: 'x', probability: 7 }], ['x'])).toBeUndefined(); // not a probability
  });

  it('writes a note it can read back: action, confidence, time of the newest', () => {
    const note = tnbaNote({ name: 'Wait for Customer', probability: 0.7345 }, 'Holmdel NOC Investigate');
    expect(note).toBe(
      `${AUTOMATION_MARKER}\n${TNBA_TITLE}\nCurrent task: Holmdel NOC Investigate\nNext best action: Wait for Customer\nConfidence: 73.5%`,
    );
    const notes = [
      { noteValue: note, createdDate: ago(90) },
      { noteValue: tnbaNote({ name: 'Request Site Access', probability: 0.5 }, 't'), createdDate: ago(30) },
      { noteValue: `${AUTOMATION_MARKER}\nTriage (VeloCloud)\nNext best action: not this`, createdDate: ago(1) },
      { noteValue: null, createdDate: ago(0) },
    ];
    expect(lastTnbaNote(notes)).toEqual({ action: 'Request Site Access', probability: 0.5, at: ago(30) });
    expect(lastTnbaNote([{ noteValue: 'human', createdDate: ago(1) }])).toBeUndefined();
  });

  it('decides: first note; same action → nothing; changed but recent → nothing; changed and old → note; nothing offered', () => {
    const best = { name: 'Wait for Customer', probability: 0.7 };
    expect(decideTnba(best, undefined, now, 60)).toEqual({ kind: 'append', best, reason: 'first' });
    expect(decideTnba(best, { action: 'wait for customer', probability: 0.6, at: ago(600) }, now, 60)).toEqual({
      kind: 'same-action',
      action: 'Wait for Customer',
    });
    expect(decideTnba(best, { action: 'Request Site Access', probability: 0.6, at: ago(59) }, now, 60)).toEqual({
      kind: 'changed-but-recent',
      action: 'Wait for Customer',
      lastAt: ago(59),
    });
    expect(decideTnba(best, { action: 'Request Site Access', probability: 0.6, at: ago(60) }, now, 60)).toEqual({
      kind: 'append',
      best,
      reason: 'changed',
    });
    expect(decideTnba(undefined, undefined, now, 60)).toEqual({ kind: 'nothing-offered' });
  });
});
