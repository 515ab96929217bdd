import { z } from 'zod';
import { bool } from './parse';

/** Monitor behaviour: dry-run (compute actions, change nothing), recheck delay, Digi reboots. */
export const monitorsEnv = z.object({
  OUTAGE_MONITOR_DRY_RUN: bool(false),
  OUTAGE_RECHECK_DELAY_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  OUTAGE_REBOOT_DIGI: bool(false),
  OUTAGE_ENTERPRISES_PER_BATCH: z.coerce.number().int().min(1).max(500).default(10),
});

export function monitorsConfig(env: z.infer<typeof monitorsEnv>) {
  return {
    outage: {
      dryRun: env.OUTAGE_MONITOR_DRY_RUN,
      recheckDelay: `${env.OUTAGE_RECHECK_DELAY_SECONDS}s`,
      rebootDigi: env.OUTAGE_REBOOT_DIGI,
      enterprisesPerBatch: env.OUTAGE_ENTERPRISES_PER_BATCH,
    },
  };
}
export type MonitorsConfig = ReturnType<typeof monitorsConfig>;
