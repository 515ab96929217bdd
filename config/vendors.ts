import { z } from 'zod';
import { csv } from './parse';

/** The customer the sandbox's Lumin.AI simulator bills in the demo scenario. */
export const SANDBOX_LUMIN_CUSTOMER = 'acme-logistics';

/**
 * Vendor APIs (Bruin, VeloCloud, Hawkeye, Digi, LIT, CTS, T7, Lumin.AI). Unset URLs point at the sandbox; real ones switch to live.
 * VELOCLOUD_URL_TEMPLATE maps an orchestrator host to its base URL ({host} is replaced).
 */
export const vendorsEnv = z.object({
  BRUIN_API_URL: z.string().url('expected a URL such as https://api.bruin.com').optional(),
  BRUIN_API_TOKEN: z.string().min(1).default('sandbox-bruin-token'),
  VELOCLOUD_URL_TEMPLATE: z
    .string()
    .includes('{host}', { message: 'must contain {host}, e.g. https://{host}' })
    .optional(),
  VELOCLOUD_API_TOKEN: z.string().min(1).default('sandbox-velocloud-token'),
  VELOCLOUD_HOSTS: csv
    .pipe(z.array(z.string().regex(/^[A-Za-z0-9.-]+$/, 'expected host names')))
    .default(['mettel.velocloud.net']),
  HAWKEYE_API_URL: z.string().url('expected a URL').optional(),
  HAWKEYE_API_TOKEN: z.string().min(1).default('sandbox-hawkeye-token'),
  DIGI_API_URL: z.string().url('expected a URL').optional(),
  DIGI_API_TOKEN: z.string().min(1).default('sandbox-digi-token'),
  LIT_API_URL: z.string().url('expected a URL').optional(),
  LIT_API_TOKEN: z.string().min(1).default('sandbox-lit-token'),
  /** LIT and CTS take cancellations by email. */
  LIT_CANCEL_EMAIL: z.string().email('expected an email address').default('dispatch-cancel@lit.example.com'),
  CTS_API_URL: z.string().url('expected a URL (the Salesforce instance)').optional(),
  CTS_API_TOKEN: z.string().min(1).default('sandbox-cts-token'),
  CTS_CANCEL_EMAIL: z.string().email('expected an email address').default('dispatch-cancel@cts.example.com'),
  T7_API_URL: z.string().url('expected a URL').optional(),
  T7_API_TOKEN: z.string().min(1).default('sandbox-t7-token'),
  /** Lumin.AI bills per customer: the customer's billing URI is what the report POSTs to. */
  LUMIN_CUSTOMER_URI: z.string().url("expected the customer's Lumin.AI billing URL").optional(),
  LUMIN_API_TOKEN: z.string().min(1).default('sandbox-lumin-token'),
});

export function vendorsConfig(env: z.infer<typeof vendorsEnv>, sandbox: { vendorUrl: (v: string) => string }) {
  return {
    bruin: {
      apiUrl: env.BRUIN_API_URL ?? sandbox.vendorUrl('bruin'),
      token: env.BRUIN_API_TOKEN,
      live: env.BRUIN_API_URL !== undefined,
    },
    velocloud: {
      urlTemplate: env.VELOCLOUD_URL_TEMPLATE ?? `${sandbox.vendorUrl('velocloud')}/{host}`,
      token: env.VELOCLOUD_API_TOKEN,
      hosts: env.VELOCLOUD_HOSTS,
      live: env.VELOCLOUD_URL_TEMPLATE !== undefined,
    },
    hawkeye: {
      apiUrl: env.HAWKEYE_API_URL ?? sandbox.vendorUrl('hawkeye'),
      token: env.HAWKEYE_API_TOKEN,
      live: env.HAWKEYE_API_URL !== undefined,
    },
    digi: {
      apiUrl: env.DIGI_API_URL ?? sandbox.vendorUrl('digi'),
      token: env.DIGI_API_TOKEN,
      live: env.DIGI_API_URL !== undefined,
    },
    lit: {
      apiUrl: env.LIT_API_URL ?? sandbox.vendorUrl('lit'),
      token: env.LIT_API_TOKEN,
      cancelEmail: env.LIT_CANCEL_EMAIL,
      live: env.LIT_API_URL !== undefined,
    },
    cts: {
      apiUrl: env.CTS_API_URL ?? sandbox.vendorUrl('cts'),
      token: env.CTS_API_TOKEN,
      cancelEmail: env.CTS_CANCEL_EMAIL,
      live: env.CTS_API_URL !== undefined,
    },
    t7: {
      apiUrl: env.T7_API_URL ?? sandbox.vendorUrl('t7'),
      token: env.T7_API_TOKEN,
      live: env.T7_API_URL !== undefined,
    },
    lumin: {
      customerUri:
        env.LUMIN_CUSTOMER_URI ?? `${sandbox.vendorUrl('lumin')}/api/v1/customers/${SANDBOX_LUMIN_CUSTOMER}/billing`,
      token: env.LUMIN_API_TOKEN,
      live: env.LUMIN_CUSTOMER_URI !== undefined,
    },
  };
}
export type VendorsConfig = ReturnType<typeof vendorsConfig>;
