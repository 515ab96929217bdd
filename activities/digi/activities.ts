import type { VendorHttp } from '../vendor-http';
import { invalidInput } from '../vendor-errors';
import { rebootResponse } from './schemas';

/** Digi activity factory (`digi` queue): reboots the modem in front of an edge. */
export function createDigiActivities(http: VendorHttp) {
  return {
    async rebootDevice({ serial }: { serial: string }): Promise<{ status: string }> {
      if (!/^[A-Za-z0-9-]{4,64}$/.test(serial))
        throw invalidInput(`rebootDevice: field "serial" is invalid: "${serial}"`);
      const { status } = await http.call({
        method: 'POST',
        path: `/api/v1/devices/${encodeURIComponent(serial)}/reboot`,
        endpoint: 'POST device reboot',
        schema: rebootResponse,
      });
      return { status };
    },
  };
}
export type DigiActivities = ReturnType<typeof createDigiActivities>;
