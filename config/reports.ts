import { z } from 'zod';
import { LUMIN_BILLING_TYPES } from '../domain/reports/lumin';
import { isTimeZone } from '../domain/time';
import { csv } from './parse';

const emails = (fallback: string[]) =>
  csv.pipe(z.array(z.string().email('every entry must be an email address'))).default(fallback);

/** The monthly reports: when they run, who gets them, and what they cover. */
export const reportsEnv = z.object({
  /** Periods are calendar months here, and the schedules fire at 08:00 on the 1st here. */
  REPORT_TIME_ZONE: z
    .string()
    .default('America/New_York')
    .refine(isTimeZone, 'must be an IANA time zone, e.g. America/New_York'),
  REPORT_RECIPIENTS: emails(['reports@mettel.example']).refine((l) => l.length > 0, 'at least one address'),
  REPORT_CC: emails([]),
  LUMIN_CUSTOMER_NAME: z.string().trim().min(1).max(200).default('Acme Logistics'),
  /** Item types the billing report asks for; unset asks for all. */
  LUMIN_BILLING_TYPES: csv
    .pipe(
      z.array(
        z.enum(LUMIN_BILLING_TYPES, { message: `every entry must be one of: ${LUMIN_BILLING_TYPES.join(', ')}` }),
      ),
    )
    .default([]),
  LAST_CONTACT_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  CONTRACT_TERM_MONTHS: z.coerce.number().int().min(1).max(240).default(36),
});

export function reportsConfig(env: z.infer<typeof reportsEnv>) {
  return {
    timeZone: env.REPORT_TIME_ZONE,
    recipients: { to: env.REPORT_RECIPIENTS, cc: env.REPORT_CC },
    lumin: { customer: env.LUMIN_CUSTOMER_NAME, types: env.LUMIN_BILLING_TYPES },
    lastContact: { days: env.LAST_CONTACT_DAYS, termMonths: env.CONTRACT_TERM_MONTHS },
  };
}
export type ReportsConfig = ReturnType<typeof reportsConfig>;
