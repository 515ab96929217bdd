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
});

export function temporalConfig(env: z.infer<typeof temporalEnv>) {
  return {
    appEnv: env.APP_ENV,
    address: env.TEMPORAL_ADDRESS,
    namespace: env.TEMPORAL_NAMESPACE,
    uiPort: env.TEMPORAL_UI_PORT,
    dbFile: env.TEMPORAL_DB_FILE,
  };
}
