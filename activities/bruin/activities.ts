import type { VendorHttp } from '../vendor-http';
import { createBruinInventoryActivities } from './inventory';
import { createBruinNoteActivities } from './notes';
import { createBruinTicketActivities } from './tickets';

export type * from './types';

/** Bruin activity factory over a Bruin HTTP client (`bruin` queue): inventory, outage tickets, notes. */
export function createBruinActivities(http: VendorHttp) {
  return {
    ...createBruinInventoryActivities(http),
    ...createBruinTicketActivities(http),
    ...createBruinNoteActivities(http),
  };
}
export type BruinActivities = ReturnType<typeof createBruinActivities>;
