import { z } from 'zod';

/** Raised when the environment does not describe a runnable engine; lists every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Parses one concern's slice of the environment, collecting problems rather than stopping at the first. */
export function parseSection<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv,
  problems: string[],
): z.infer<S> | undefined {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const variable = issue.path.join('.') || '(environment)';
    // Never echo the received value: it may be a secret.
    problems.push(`${variable}: ${issue.message}`);
  }
  return undefined;
}

/** A TCP port number given as a string. */
export const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

/** A comma-separated list. */
export const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

/** "true"/"false"/"1"/"0" as a boolean. */
export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

const UNIT_SECONDS = { s: 1, m: 60, h: 3600 } as const;

/** A duration such as `1h`, `30m` or `90s`, in seconds, between `min` and `max` seconds. */
export const duration = (fallback: string, min: number, max: number) =>
  z
    .string()
    .default(fallback)
    .refine((v) => /^\d+[smh]$/.test(v.trim()), 'must be a duration such as 1h, 30m or 90s')
    .transform((v) => Number(v.trim().slice(0, -1)) * UNIT_SECONDS[v.trim().slice(-1) as keyof typeof UNIT_SECONDS])
    .refine((n) => n >= min && n <= max, `must be between ${min} seconds and ${max / 3600} hours`);
