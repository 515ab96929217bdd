import { z } from 'zod';

/** The app store: an embedded SQLite file, or PostgreSQL when DATABASE_URL is set. */
export const storeEnv = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')
    .optional(),
  APP_DB_FILE: z.string().min(1).default('.data/app.sqlite'),
});

export type StoreConfig = { kind: 'postgres'; url: string } | { kind: 'sqlite'; file: string };

export function storeConfig(env: z.infer<typeof storeEnv>): StoreConfig {
  return env.DATABASE_URL ? { kind: 'postgres', url: env.DATABASE_URL } : { kind: 'sqlite', file: env.APP_DB_FILE };
}
