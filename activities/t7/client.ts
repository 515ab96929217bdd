import { createVendorHttp } from '../vendor-http';

/** The T7 HTTP client from config: base URL and bearer token; every response checked by zod. */
export const createT7Http = (config: { apiUrl: string; token: string }) =>
  createVendorHttp('t7', config.apiUrl, { headers: { authorization: `Bearer ${config.token}` } });
