import { createVendorHttp } from '../vendor-http';

/** The Hawkeye HTTP client from config: base URL and bearer token; every response checked by zod. */
export const createHawkeyeHttp = (config: { apiUrl: string; token: string }) =>
  createVendorHttp('hawkeye', config.apiUrl, { headers: { authorization: `Bearer ${config.token}` } });
