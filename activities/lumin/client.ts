import { createVendorHttp, type VendorHttp } from '../vendor-http';
import { luminBillingPage } from './schemas';

export interface LuminBillingRequest {
  /** Item types joined by commas; empty asks for all. */
  type: string;
  start: string;
  end: string;
  start_token?: string;
}

/** Lumin.AI's billing API for one customer: `POST <customer uri>` with a bearer token. */
export class LuminClient {
  constructor(private readonly http: VendorHttp) {}

  billingPage(request: LuminBillingRequest) {
    return this.http.call({
      method: 'POST',
      path: '',
      endpoint: 'POST customer billing',
      schema: luminBillingPage,
      body: request,
    });
  }
}

export const createLuminClient = (config: { customerUri: string; token: string }) =>
  new LuminClient(
    createVendorHttp('lumin', config.customerUri, {
      headers: { authorization: `Bearer ${config.token}` },
      // A page of a thousand items takes the vendor a while to assemble.
      timeoutMs: 60_000,
    }),
  );
