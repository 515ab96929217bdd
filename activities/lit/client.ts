import { createVendorHttp } from '../vendor-http';

/** The LIT HTTP client from config: base URL and bearer token; every response checked by zod. */
export const createLitHttp = (config: { apiUrl: string; token: string }) =>
  createVendorHttp('lit', config.apiUrl, { headers: { authorization: `Bearer ${config.token}` } });
