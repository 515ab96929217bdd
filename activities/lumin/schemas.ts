import { z } from 'zod';
import { eachValid } from '../vendor-lists';

/** One billed API use as Lumin.AI sends it (the fields the report keeps; others are ignored). */
export const luminItem = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  timestamp: z.iso.datetime({ offset: true }),
  conversation_id: z.string().default(''),
});

/** One page of a customer's billing items; each item checked on its own, so one bad item is discarded, not the page. */
export const luminBillingPage = z.object({
  items: eachValid(luminItem, (raw) => raw.id),
  next_token: z.string().min(1).nullish(),
});
