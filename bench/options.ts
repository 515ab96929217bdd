// A bench's numbers, read and checked before it starts anything: a typo in an option first used ten minutes into a
// chaos run should not cost those ten minutes, and every bad one is named at once.

import { parseArgs } from 'node:util';

/** What a numeric option accepts, and its default. */
export interface NumberOption {
  default: number;
  integer: boolean;
  min: number;
  /** `min` itself is refused (a positive number). */
  aboveMin?: boolean;
  max?: number;
}

export const positive = (byDefault: number): NumberOption => ({
  default: byDefault,
  integer: false,
  min: 0,
  aboveMin: true,
});
export const nonNegative = (byDefault: number): NumberOption => ({ default: byDefault, integer: false, min: 0 });
export const fraction = (byDefault: number): NumberOption => ({ default: byDefault, integer: false, min: 0, max: 1 });
export const integerFrom = (min: number, byDefault: number): NumberOption => ({
  default: byDefault,
  integer: true,
  min,
});

/** Every bad argument of a bench, one per line. */
export class BenchUsageError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'BenchUsageError';
  }
}

const accepts = (o: NumberOption) =>
  `${o.integer ? 'an integer' : 'a number'} ` +
  (o.max === undefined ? `${o.aboveMin ? '>' : '>='} ${o.min}` : `from ${o.min} to ${o.max}`);

/** The problem with one given value, or undefined when it is good. */
function problem(label: string, raw: string, o: NumberOption): string | undefined {
  const n = raw.trim() === '' ? NaN : Number(raw);
  const ok =
    Number.isFinite(n) &&
    (!o.integer || Number.isInteger(n)) &&
    (o.aboveMin ? n > o.min : n >= o.min) &&
    (o.max === undefined || n <= o.max);
  return ok ? undefined : `${label} must be ${accepts(o)}, got "${raw}"`;
}

function read<K extends string>(
  spec: Record<K, NumberOption>,
  given: (name: K) => string | undefined,
  label: (name: K) => string,
): Record<K, number> {
  const problems: string[] = [];
  const values = {} as Record<K, number>;
  for (const name of Object.keys(spec) as K[]) {
    const raw = given(name);
    const bad = raw === undefined ? undefined : problem(label(name), raw, spec[name]);
    if (bad) problems.push(bad);
    values[name] = raw === undefined ? spec[name].default : Number(raw);
  }
  if (problems.length) throw new BenchUsageError(problems);
  return values;
}

/** `--name value` options, every one a number; an option not in `spec` is refused too. */
export function numberOptions<K extends string>(
  spec: Record<K, NumberOption>,
  args = process.argv.slice(2),
): Record<K, number> {
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
export function positionalNumbers<K extends string>(
  spec: Record<K, NumberOption>,
  args = process.argv.slice(2),
): Record<K, number> {
  const names = Object.keys(spec) as K[];
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
