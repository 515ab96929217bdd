import { z } from 'zod';

/** The app store: an embedded SQLite file, or PostgreSQL when DATABASE_URL is set. */
export const storeEnv = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')
    .optional(),
  APP_DB_FILE: z.string().min(1).default('.data/app.sqlite'),
  // Longer than any process asks the store: a dispatch timeline lives weeks, a report period re-run within the year.
  APP_STORE_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(35, 'must be at least 35 days: a reset dispatch timeline must still find the texts it sent')
    .max(3650)
    .default(400),
});

/** Where the app store is. */
export type StoreLocation = { kind: 'postgres'; url: string } | { kind: 'sqlite'; file: string };

/** Where the app store is, and how long it keeps the ledger and processed keys (the `store-retention` schedule). */
export type StoreConfig = StoreLocation & { retentionDays: number };

export function storeConfig(env: z.infer<typeof storeEnv>): StoreConfig {
  const location: StoreLocation = env.DATABASE_URL
    ? { kind: 'postgres', url: env.DATABASE_URL }
    : { kind: 'sqlite', file: env.APP_DB_FILE };
  return { ...location, retentionDays: env.APP_STORE_RETENTION_DAYS };
}
