// The capacity ladder of bench/dispatch-timelines: rates laid out in time, each rate's lateness, and the highest rate
// that kept up. Pure, so it is unit-tested (test/unit/bench/ladder.test.ts).

/** A rate keeps up when its reminders' lateness p99 is at most this. */
export const P99_TARGET_S = 2;
/** Between two rates of a ladder: the backlog of one must not spill into the next. */
export const STEP_GAP_MS = 15_000;

/** The `p` quantile (0..1) of `values`, NaN for none. */
export const pct = (values: number[], p: number) =>
  values.length === 0
    ? NaN
    : [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

/** One rate of a ladder: `count` reminders due `rate` a second from `from`. */
export interface Step {
  rate: number;
  from: number;
  count: number;
  /** The timelines' numbers, first to last due. */
  numbers: string[];
}
export interface StepResult {
  rate: number;
  p50: number;
  p99: number;
  sent: number;
  count: number;
}

/** Lays a ladder's steps out in time from `start`, each `perStep` reminders long, STEP_GAP_MS apart. */
export function ladder(prefix: string, rates: number[], perStep: number, start: number): Step[] {
  let from = start;
  return rates.map((rate, s) => {
    const step = {
      rate,
      from,
      count: perStep,
      numbers: Array.from({ length: perStep }, (_, i) => `${prefix}${s}-${String(i).padStart(4, '0')}`),
    };
    from += (perStep * 1000) / rate + STEP_GAP_MS;
    return step;
  });
}
export const dueOf = (step: Step, i: number) => step.from + (i * 1000) / step.rate;
export const lastDueOf = (steps: Step[]) => Math.max(...steps.map((s) => dueOf(s, s.count - 1)));

/** The highest rate of a ladder that kept up, every rate below it having kept up too (0 if the first did not). */
export function capacity(results: StepResult[]): number {
  let best = 0;
  for (const r of results) {
    if (!(r.p99 <= P99_TARGET_S) || r.sent < r.count) break;
    best = r.rate;
  }
  return best;
}

/** Each step's lateness p50 and p99 (s) from when each reminder was done; a reminder never done counts as ∞. */
export function stepResults(steps: Step[], doneAt: Map<string, number>): StepResult[] {
  return steps.map((step) => {
    const late = step.numbers.flatMap((n, i) => (doneAt.has(n) ? [(doneAt.get(n)! - dueOf(step, i)) / 1000] : []));
    // A reminder that never came is as late as the bench waited: it counts against the rate.
    const missing = step.count - late.length;
    const all = [...late, ...Array.from({ length: missing }, () => Infinity)];
    return { rate: step.rate, p50: pct(all, 0.5), p99: pct(all, 0.99), sent: late.length, count: step.count };
  });
}
