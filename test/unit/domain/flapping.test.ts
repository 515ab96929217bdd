import {
  flappingNote,
  observeEdge,
  settledNote,
  spelledDuration,
  withFlapNoted,
  type FlapPolicy,
  type FlapRecord,
  type FlapVerdict,
} from '../../../domain/flapping';
import { isAutomationNote } from '../../../domain/ticket-notes';
import { noteKind } from '../../../domain/note-kinds';

const policy: FlapPolicy = { transitions: 3, windowSeconds: 3600, stableSeconds: 1800 };
const T0 = Date.parse('2026-12-03T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

/** Looks at one edge every `every` minutes from minute 0, in the given states; the verdict and record after each. */
function looks(states: boolean[], every = 3, p = policy, start?: FlapRecord) {
  let record = start;
  const verdicts: FlapVerdict[] = [];
  states.forEach((down, i) => {
    const next = observeEdge(record, { down, at: at(i * every), cycle: `cycle-${i}` }, p);
    record = next.record;
    verdicts.push(next.verdict);
  });
  return { record, verdicts, kinds: verdicts.map((v) => v.kind) };
}

describe('flap damping (domain/flapping.ts)', () => {
  it('keeps nothing for a healthy edge, and one record for an edge that is down', () => {
    expect(looks([false, false]).record).toBeUndefined();
    expect(looks([true]).record).toMatchObject({ down: true, changes: [at(0)] });
  });

  it('is steady under the transitions, flapping at them (down, up, down: three changes)', () => {
    expect(looks([true, false]).kinds).toEqual(['steady', 'steady']);
    const { verdicts, kinds } = looks([true, false, true]);
    expect(kinds).toEqual(['steady', 'steady', 'flapping']);
    expect(verdicts[2]).toEqual({
      kind: 'flapping',
      since: at(6),
      first: at(0),
      last: at(6),
      changes: 3,
      noted: false,
    });
  });

  it('counts only the changes within the window', () => {
    // Three changes 31 minutes apart: the first has left the 60-minute window when the third comes.
    expect(looks([true, false, true], 31).kinds).toEqual(['steady', 'steady', 'steady']);
    // 30 minutes apart: the first is 60 minutes old, just out (the window is open at its start).
    expect(looks([true, false, true], 30).kinds).toEqual(['steady', 'steady', 'steady']);
    expect(looks([true, false, true], 29).kinds.at(-1)).toBe('flapping');
  });

  it('stays flapping, up or down, while changes keep coming; the episode counts them', () => {
    const { verdicts } = looks([true, false, true, false, true, false, true]);
    expect(verdicts.slice(2).map((v) => v.kind)).toEqual(Array(5).fill('flapping'));
    expect(verdicts.at(-1)).toMatchObject({ first: at(0), last: at(18), changes: 7, since: at(6) });
  });

  it('settles only after the stable time without a change, and only once up', () => {
    const flapping = looks([true, false, true, false]).record; // last change at minute 9
    const after = (minutes: number, down: boolean) =>
      observeEdge(flapping, { down, at: at(9 + minutes), cycle: 'later' }, policy);
    expect(after(29, false).verdict.kind).toBe('flapping');
    expect(after(30, false).verdict).toEqual({ kind: 'settled', since: at(6), first: at(0), last: at(9), changes: 4 });
    expect(after(30, false).record).toBeUndefined();
    // Down and unchanged that long: an ordinary outage again, its changes forgotten.
    const down = observeEdge(looks([true, false, true]).record, { down: true, at: at(36), cycle: 'later' }, policy);
    expect(down).toEqual({ verdict: { kind: 'steady' }, record: { down: true, changes: [], cycle: 'later' } });
  });

  it('a retried look of the same cycle changes nothing and answers the same', () => {
    const first = looks([true, false, true]);
    const again = observeEdge(first.record, { down: false, at: at(7), cycle: 'cycle-2' }, policy);
    expect(again.record).toBe(first.record);
    expect(again.verdict).toEqual(first.verdicts[2]);
  });

  it('marks the episode noted, and only that episode', () => {
    const { record } = looks([true, false, true]);
    expect(withFlapNoted(record!, at(6)).flapping?.noted).toBe(true);
    expect(withFlapNoted(record!, at(0))).toBe(record);
    expect(
      observeEdge(withFlapNoted(record!, at(6)), { down: false, at: at(9), cycle: 'c' }, policy).verdict,
    ).toMatchObject({
      kind: 'flapping',
      noted: true,
    });
  });

  it('notes: the flapping one names the changes, first and last; the settled one is an auto-resolve note', () => {
    const episode = { first: at(0), last: at(9), changes: 4 };
    const flapping = flappingNote('VC01', episode, policy);
    expect(isAutomationNote(flapping)).toBe(true);
    expect(flapping).toContain(`changed state 4 times between ${at(0)} and ${at(9)}`);
    expect(flapping).toContain('3 changes within 1 hour');
    expect(flapping).toContain('stable for 30 minutes');
    const settled = settledNote('VC01', episode, policy, 'outage-monitor-1');
    expect(noteKind(settled)).toBe('auto-resolve');
    expect(settled).toContain('stable again after flapping');
    expect(settled).toContain('Monitor cycle: outage-monitor-1');
    expect(spelledDuration(90)).toBe('90 seconds');
    expect(spelledDuration(60)).toBe('1 minute');
  });
});
