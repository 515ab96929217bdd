import { z } from 'zod';
import { eachValid } from '../vendor-lists';

/** Hawkeye API shapes (probes), the fields the engine reads. */
export const probe = z.object({
  serialNumber: z.string().min(1),
  name: z.string(),
  status: z.enum(['online', 'offline', 'unknown']),
  lastContact: z.string(),
});
export const probePage = z.object({
  total: z.number().int().min(0),
  offset: z.number().int().min(0),
  /** Each probe checked on its own: a malformed probe is discarded, not the page. */
  probes: eachValid(probe, (raw) => raw.serialNumber),
});
