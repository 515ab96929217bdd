import { createVendorHttp } from '../vendor-http';

/** The Digi HTTP client from config: base URL and bearer token; every response checked by zod. */
export const createDigiHttp = (config: { apiUrl: string; token: string }) =>
  createVendorHttp('digi', config.apiUrl, { headers: { authorization: `Bearer ${config.token}` } });
