import { z } from 'zod';
import { port } from './parse';

/** Where the Temporal server is and how the embedded dev server runs. */
export const temporalEnv = z.object({
  APP_ENV: z.enum(['development', 'production', 'test']).default('development'),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^:\s]+:\d+$/, 'expected host:port')
    .default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_UI_PORT: port(8233),
  TEMPORAL_DB_FILE: z.string().min(1).default('.data/temporal.sqlite'),
  /** What `npm start` runs Temporal on: the CLI dev server (one process, SQLite) or a cluster on PostgreSQL. */
  TEMPORAL_ENGINE: z.enum(['dev', 'cluster']).default('dev'),
  /** The cluster engine's PostgreSQL; unset runs one under .data/cluster (Debian's postgresql package). */
  TEMPORAL_DB_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')
    .optional(),
  /** Port of the PostgreSQL the cluster engine runs itself (beside a system one on 5432). */
  TEMPORAL_DB_PORT: port(5433),
  /** The cluster's history shards: fixed for the life of its database. */
  TEMPORAL_HISTORY_SHARDS: z.coerce.number().int().min(1).max(16_384).default(8),
});

export function temporalConfig(env: z.infer<typeof temporalEnv>) {
  return {
    appEnv: env.APP_ENV,
    address: env.TEMPORAL_ADDRESS,
    namespace: env.TEMPORAL_NAMESPACE,
    uiPort: env.TEMPORAL_UI_PORT,
    dbFile: env.TEMPORAL_DB_FILE,
    engine: env.TEMPORAL_ENGINE,
    cluster: { dbUrl: env.TEMPORAL_DB_URL, dbPort: env.TEMPORAL_DB_PORT, historyShards: env.TEMPORAL_HISTORY_SHARDS },
  };
}
