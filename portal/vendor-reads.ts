import { ApplicationFailure } from '@temporalio/common';
import { createBruinHttp } from '../activities/bruin/client';
import { createBruinInventoryActivities } from '../activities/bruin/inventory';
import type { TicketSite } from '../activities/bruin/schemas';
import { createCtsHttp } from '../activities/cts/client';
import { createCtsActivities } from '../activities/cts/activities';
import { createLitHttp } from '../activities/lit/client';
import { createLitActivities } from '../activities/lit/activities';
import { VendorErrorType } from '../activities/vendor-errors';
import type { AppConfig } from '../config';
import { formFromCts, formFromLit, type DispatchRequestForm, type DispatchVendor } from '../domain/dispatch';

/** A read the portal could not make: the thing does not exist (404 at the vendor), or the vendor is down. */
export class VendorReadError extends Error {
  constructor(
    readonly kind: 'not-found' | 'unavailable',
    message: string,
  ) {
    super(message);
  }
}

function classify(err: unknown): never {
  if (err instanceof ApplicationFailure) {
    if (err.type === VendorErrorType.Rejected && /answered 404/.test(err.message))
      throw new VendorReadError('not-found', err.message);
    throw new VendorReadError('unavailable', err.message);
  }
  throw err;
}

/**
 * What the portal reads straight from the vendors to fill its pages and check a form: a ticket's site
 * (seed: `GET /bruin/ticket_address/{ticket_id}`) and a dispatch's current record. Reads only, with the
 * workers' own clients; every change goes through a workflow.
 */
export type { TicketSite };

export function createVendorReads(config: AppConfig['vendors']) {
  const bruinInventory = createBruinInventoryActivities(createBruinHttp(config.bruin));
  const lit = createLitActivities(createLitHttp(config.lit));
  const cts = createCtsActivities(createCtsHttp(config.cts));
  return {
    async ticketSite(ticketId: string): Promise<TicketSite> {
      if (!/^\d{1,12}$/.test(ticketId))
        throw new VendorReadError('not-found', `ticket "${ticketId}" is not a ticket ID`);
      return bruinInventory.ticketSite({ ticketId }).catch(classify);
    },
    /** The vendor's record of a dispatch, as the portal's form fields plus the vendor's own status. */
    async dispatchFields(
      vendor: DispatchVendor,
      vendorId: string,
    ): Promise<Omit<DispatchRequestForm, 'vendor'> & { vendorStatus: string }> {
      if (vendor === 'lit') {
        const d = await lit.getLitDispatch({ dispatchNumber: vendorId }).catch(classify);
        return { ...formFromLit(d), vendorStatus: d.Dispatch_Status ?? '' };
      }
      const d = await cts.getCtsDispatch({ id: vendorId }).catch(classify);
      return { ...formFromCts(d), vendorStatus: d.Status__c ?? '' };
    },
  };
}
export type VendorReads = ReturnType<typeof createVendorReads>;
