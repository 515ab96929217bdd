import { createVendorHttp } from '../vendor-http';

/** The CTS HTTP client from config: base URL and bearer token; every response checked by zod. */
export const createCtsHttp = (config: { apiUrl: string; token: string }) =>
  createVendorHttp('cts', config.apiUrl, { headers: { authorization: `Bearer ${config.token}` } });
