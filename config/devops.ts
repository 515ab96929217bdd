import { z } from 'zod';
import { port } from './parse';

/** The DevOps metrics service (seed 003): its port, its token, and the DORA window. */
export const devopsEnv = z.object({
  DEVOPS_PORT: port(8000),
  /** Loopback unless told: CI runners elsewhere need it on an interface they reach (and the token). */
  DEVOPS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Unset in development: one is generated into .data/devops-token. Required in production. */
  DEVOPS_EVENTS_SECRET_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** The seed's window for deployment frequency; every DORA key uses it. */
  DEPLOYMENT_FREQ_TIMEFRAME_DAY: z.coerce.number().int().min(1).max(365).default(30),
});

export function devopsConfig(env: z.infer<typeof devopsEnv>) {
  return {
    port: env.DEVOPS_PORT,
    host: env.DEVOPS_HOST,
    token: env.DEVOPS_EVENTS_SECRET_TOKEN,
    windowDays: env.DEPLOYMENT_FREQ_TIMEFRAME_DAY,
  };
}
export type DevopsConfig = ReturnType<typeof devopsConfig>;
