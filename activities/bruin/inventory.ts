import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { VendorHttp } from '../vendor-http';
import { invalidInput } from '../vendor-errors';
import { inventoryResponse } from './schemas';

/** Bruin's inventory: which client owns a service number (edge or probe serial). */
export function createBruinInventoryActivities(http: VendorHttp) {
  /** The inventory record of a service number: the active one when Bruin has several. */
  async function owner(serviceNumber: string) {
    const { documents } = await http.call({
      method: 'GET',
      path: '/api/Inventory',
      endpoint: 'GET /api/Inventory',
      schema: inventoryResponse,
      params: { serviceNumber },
    });
    return documents.find((d) => d.status === 'A') ?? documents[0];
  }

  return {
    /** The Bruin client that owns a service number (edge serial), or null when none does. */
    async clientInfo({
      serviceNumber,
    }: {
      serviceNumber: string;
    }): Promise<{ clientId: string; clientName: string } | null> {
      if (!serviceNumber) throw invalidInput('clientInfo: field "serviceNumber" is empty');
      const found = await owner(serviceNumber);
      return found ? { clientId: String(found.clientID), clientName: found.clientName } : null;
    },

    /**
     * Bruin clients of many service numbers (customer cache refresh); serials no client owns are left
     * out. One lookup per serial, and each answer is heartbeated. A lookup that fails retryably does not
     * stop the others: the attempt asks for every serial once, then fails naming how many it could not
     * get, and the retry (or a worker after this one died) asks only for those. Starting over instead
     * would, at a few percent of failed calls, never finish a batch of hundreds.
     */
    async clientsForSerials({ serialNumbers }: { serialNumbers: string[] }): Promise<Record<string, string>> {
      const earlier = Context.current().info.heartbeatDetails as { owners?: Record<string, string | null> } | undefined;
      const owners: Record<string, string | null> = Object.assign(Object.create(null), earlier?.owners);
      const queue = serialNumbers.filter((serial) => !Object.hasOwn(owners, serial));
      const failures: unknown[] = [];
      // A few lookups in flight at once: Bruin's inventory API answers one serial per call.
      await Promise.all(
        Array.from({ length: Math.min(8, queue.length) }, async () => {
          for (let serial = queue.shift(); serial !== undefined; serial = queue.shift()) {
            try {
              const found = await owner(serial);
              owners[serial] = found ? String(found.clientID) : null;
              Context.current().heartbeat({ owners });
            } catch (err) {
              if (err instanceof ApplicationFailure && err.nonRetryable) throw err;
              failures.push(err);
            }
          }
        }),
      );
      if (failures.length > 0) {
        const first = failures[0] as Error;
        throw ApplicationFailure.create({
          type: first instanceof ApplicationFailure ? (first.type ?? undefined) : undefined,
          message: `clientsForSerials: ${failures.length} of ${serialNumbers.length} lookups failed (first: ${first.message}); the retry asks only for those`,
          nonRetryable: false,
          nextRetryDelay: first instanceof ApplicationFailure ? first.nextRetryDelay : undefined,
        });
      }
      return Object.fromEntries(
        serialNumbers.flatMap((serial) => (owners[serial] ? [[serial, owners[serial]] as const] : [])),
      );
    },
  };
}
