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

/** The values of `spec`, its defaults where nothing is given; each bad value's problem is added to `problems`. */
function collect<S extends Spec>(
  spec: S,
  given: (name: string) => string | undefined,
  label: (name: string) => string,
  problems: string[],
): Values<S> {
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
  return values as Values<S>;
}

/** `collect`, throwing every problem at once. */
function read<S extends Spec>(
  spec: S,
  given: (name: string) => string | undefined,
  label: (name: string) => string,
): Values<S> {
  const problems: string[] = [];
  const values = collect(spec, given, label, problems);
  if (problems.length) throw new BenchUsageError(problems);
  return values;
}

/** `parseArgs` over `args`, its refusal (an option the bench does not have) as a usage error listing the options. */
function parsed(
  args: string[],
  options: Record<string, { type: 'string' | 'boolean' }>,
  allowPositionals = false,
): ReturnType<typeof parseArgs> {
  try {
    return parseArgs({ args, options, allowPositionals });
  } catch (err) {
    throw new BenchUsageError([
      `${(err as Error).message}; the options are ${Object.keys(options)
        .map((n) => `--${n}`)
        .join(', ')}`,
    ]);
  }
}

/** `--name value` options, every one a number or a list of them; an option not in `spec` is refused too. */
export function numberOptions<S extends Spec>(spec: S, args = process.argv.slice(2)): Values<S> {
  const { values } = parsed(args, Object.fromEntries(Object.keys(spec).map((name) => [name, { type: 'string' }])));
  return read(
    spec,
    (name) => values[name] as string | undefined,
    (name) => `--${name}`,
  );
}

const tooMany = (names: string[], got: number) =>
  `at most ${names.length} arguments (${names.join(', ') || 'none'}), got ${got}`;

/** Positional numbers, in the order of `spec`; more arguments than it names are refused. */
export function positionalNumbers<S extends Spec>(spec: S, args = process.argv.slice(2)): Values<S> {
  const names = Object.keys(spec);
  if (args.length > names.length) throw new BenchUsageError([tooMany(names, args.length)]);
  return read(
    spec,
    (name) => args[names.indexOf(name)],
    (name) => name,
  );
}

/** What `benchArguments` reads: numeric options, numbers by position, options taking one of a few words, flags. */
export interface ArgumentsSpec<N extends Spec, P extends Spec, C extends Choices, F extends string> {
  /** `--name value`: a number or a list of them. */
  named?: N;
  /** Numbers by position, in order (the options may come before or after them). */
  positional?: P;
  /** `--name word`, one of the words listed; the first is the default. */
  choices?: C;
  /** `--name` alone: true when given. */
  flags?: readonly F[];
}
type Choices = Record<string, readonly [string, ...string[]]>;
/** What an `ArgumentsSpec` reads as: a value per name. */
export type Arguments<N extends Spec, P extends Spec, C extends Choices, F extends string> = Values<N> &
  Values<P> & { [K in keyof C]: C[K][number] } & Record<F, boolean>;

/**
 * A bench's arguments of every kind at once: a number's problems, a word not among its choices and an option the bench
 * does not have are all refused before anything starts, every problem named.
 */
export function benchArguments<
  N extends Spec = Record<never, NumberOption>,
  P extends Spec = Record<never, NumberOption>,
  C extends Choices = Record<never, [string]>,
  F extends string = never,
>(spec: ArgumentsSpec<N, P, C, F>, args = process.argv.slice(2)): Arguments<N, P, C, F> {
  const named = spec.named ?? ({} as N);
  const byPosition = spec.positional ?? ({} as P);
  const choices = spec.choices ?? ({} as C);
  const flags = spec.flags ?? [];
  const { values, positionals } = parsed(
    args,
    Object.fromEntries([
      ...[...Object.keys(named), ...Object.keys(choices)].map((name) => [name, { type: 'string' as const }]),
      ...flags.map((name) => [name, { type: 'boolean' as const }]),
    ]),
    true,
  );
  const problems: string[] = [];
  const positionNames = Object.keys(byPosition);
  if (positionals.length > positionNames.length) problems.push(tooMany(positionNames, positionals.length));
  const given = (name: string) => values[name] as string | undefined;
  const words = Object.fromEntries(
    Object.entries(choices).map(([name, allowed]) => {
      const word = given(name) ?? allowed[0];
      if (!allowed.includes(word)) problems.push(`--${name} must be one of ${allowed.join(', ')}, got "${word}"`);
      return [name, word];
    }),
  );
  const result = {
    ...collect(named, given, (name) => `--${name}`, problems),
    ...collect(
      byPosition,
      (name) => positionals[positionNames.indexOf(name)],
      (name) => name,
      problems,
    ),
    ...words,
    ...Object.fromEntries(flags.map((name) => [name, values[name] === true])),
  };
  if (problems.length) throw new BenchUsageError(problems);
  return result as Arguments<N, P, C, F>;
}

/** Logs a line stamped with the bench's name and the seconds since it started. */
export function stamped(bench: string, since: number, width = 4): (line: string) => void {
  return (line) => console.log(`[${bench} ${((Date.now() - since) / 1000).toFixed(0).padStart(width)} s] ${line}`);
}
