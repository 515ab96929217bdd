import { z } from 'zod';

/** Digi's answer to a reboot request. */
export const rebootResponse = z.object({ serial: z.string(), status: z.string() });
