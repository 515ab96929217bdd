// A bench's numbers, read and checked before it starts anything: a typo in an option first used ten minutes into a
// chaos run should not cost those ten minutes, and every bad one is named at once.

import { parseArgs } from 'node:util';

/** What a number must be. */
export interface NumberRule {
  integer: boolean;
  min: number;
  /** `min` itself is refused (a positive number). */
  aboveMin?: boolean;
  max?: number;
}

/** A numeric option: its rule and its default. */
export interface NumberOption extends NumberRule {
  default: number;
}

export const POSITIVE: NumberRule = { integer: false, min: 0, aboveMin: true };
export const positive = (byDefault: number): NumberOption => ({ ...POSITIVE, default: byDefault });
export const nonNegative = (byDefault: number): NumberOption => ({ default: byDefault, integer: false, min: 0 });
export const percent = (byDefault: number): NumberOption => ({ default: byDefault, integer: false, min: 0, max: 100 });
export const fraction = (byDefault: number): NumberOption => ({ default: byDefault, integer: false, min: 0, max: 1 });
export const integerFrom = (min: number, byDefault: number): NumberOption => ({
  default: byDefault,
  integer: true,
  min,
});

/** A comma-separated list of numbers (`8,16,24`), each checked against `each`. */
export interface ListOption {
  each: NumberRule;
  default: number[];
}
export const listOf = (each: NumberRule, byDefault: number[]): ListOption => ({ each, default: byDefault });

type Spec = Record<string, NumberOption | ListOption>;
/** What a spec reads as: a number per option, an array per list. */
export type Values<S extends Spec> = { [P in keyof S]: S[P] extends ListOption ? number[] : number };

/** Every bad argument of a bench, one per line. */
export class BenchUsageError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'BenchUsageError';
  }
}

const accepts = (o: NumberRule) =>
  `${o.integer ? 'an integer' : 'a number'} ` +
  (o.max === undefined ? `${o.aboveMin ? '>' : '>='} ${o.min}` : `from ${o.min} to ${o.max}`);

/** The problem with one given value, or undefined when it is good. */
function problem(label: string, raw: string, o: NumberRule): string | undefined {
  const n = raw.trim() === '' ? NaN : Number(raw);
  const ok =
    Number.isFinite(n) &&
    (!o.integer || Number.isInteger(n)) &&
    (o.aboveMin ? n > o.min : n >= o.min) &&
    (o.max === undefined || n <= o.max);
  return ok ? undefined : `${label} must be ${accepts(o)}, got "${raw}"`;
}

function read<S extends Spec>(
  spec: S,
  given: (name: string) => string | undefined,
  label: (name: string) => string,
): Values<S> {
  const problems: string[] = [];
  const values: Record<string, number | number[]> = {};
  for (const [name, option] of Object.entries(spec)) {
    const raw = given(name);
    if (raw === undefined) values[name] = option.default;
    else if ('each' in option) {
      const items = raw.split(',');
      problems.push(...items.flatMap((item) => problem(`each of ${label(name)}`, item, option.each) ?? []));
      values[name] = items.map(Number);
    } else {
      const bad = problem(label(name), raw, option);
      if (bad) problems.push(bad);
      values[name] = Number(raw);
    }
  }
  if (problems.length) throw new BenchUsageError(problems);
  return values as Values<S>;
}

/** `--name value` options, every one a number or a list of them; an option not in `spec` is refused too. */
export function numberOptions<S extends Spec>(spec: S, args = process.argv.slice(2)): Values<S> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: Object.fromEntries(Object.keys(spec).map((name) => [name, { type: 'string' as const }])),
    }));
  } catch (err) {
    throw new BenchUsageError([
      `${(err as Error).message}; the options are ${Object.keys(spec)
        .map((n) => `--${n}`)
        .join(', ')}`,
    ]);
  }
  return read(
    spec,
    (name) => values[name] as string | undefined,
    (name) => `--${name}`,
  );
}

/** Positional numbers, in the order of `spec`; more arguments than it names are refused. */
export function positionalNumbers<S extends Spec>(spec: S, args = process.argv.slice(2)): Values<S> {
  const names = Object.keys(spec);
  if (args.length > names.length)
    throw new BenchUsageError([`at most ${names.length} arguments (${names.join(', ')}), got ${args.length}`]);
  return read(
    spec,
    (name) => args[names.indexOf(name)],
    (name) => name,
  );
}

/** Logs a line stamped with the bench's name and the seconds since it started. */
export function stamped(bench: string, since: number, width = 4): (line: string) => void {
  return (line) => console.log(`[${bench} ${((Date.now() - since) / 1000).toFixed(0).padStart(width)} s] ${line}`);
}
