import { createVendorHttp } from '../vendor-http';

/** The Bruin HTTP client from config: base URL and bearer token; every response checked by zod. */
export const createBruinHttp = (config: { apiUrl: string; token: string }) =>
  createVendorHttp('bruin', config.apiUrl, { headers: { authorization: `Bearer ${config.token}` } });
