import type { VendorHttp } from '../vendor-http';
import { invalidInput } from '../vendor-errors';
import { resumableEach } from '../resumable';
import { inventoryResponse, ticketSiteResponse, type TicketSite } from './schemas';

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
    /** A ticket's site: its client and street address (the portal's form; the technician's texts). */
    async ticketSite({ ticketId }: { ticketId: string }): Promise<TicketSite> {
      if (!/^\d{1,12}$/.test(ticketId)) throw invalidInput(`ticketSite: field "ticketId" is not a ticket ID`);
      return http.call({
        method: 'GET',
        path: `/api/Ticket/${ticketId}/site`,
        endpoint: 'GET ticket site',
        schema: ticketSiteResponse,
      });
    },

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
     * out. One lookup per serial, a few in flight (Bruin's inventory API answers one serial per call),
     * resumed from the answers an earlier attempt heartbeated.
     */
    async clientsForSerials({ serialNumbers }: { serialNumbers: string[] }): Promise<Record<string, string>> {
      const answers = await resumableEach(
        'clientsForSerials',
        serialNumbers,
        (serial) => serial,
        async (serial) => {
          const found = await owner(serial);
          return found ? String(found.clientID) : null;
        },
        8,
      );
      return Object.fromEntries(answers.flatMap(({ item, result }) => (result ? [[item, result] as const] : [])));
    },
  };
}
