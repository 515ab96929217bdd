import type { AppConfig } from '../config';
import type { LastContactReportInput } from '../workflows/reports/last-contact-report';
import type { LuminBillingReportInput } from '../workflows/reports/lumin-billing-report';

type PeriodFree<T> = Omit<T, 'month' | 'force'>;

/** The billing report's arguments from config: the schedules and `npm run report` send the same report. */
export function luminReportInput(config: AppConfig): PeriodFree<LuminBillingReportInput> {
  const { timeZone, recipients, lumin } = config.reports;
  return { timeZone, ...recipients, customer: lumin.customer, types: lumin.types };
}

export function lastContactReportInput(config: AppConfig): PeriodFree<LastContactReportInput> {
  const { timeZone, recipients, lastContact } = config.reports;
  return { timeZone, ...recipients, hosts: config.vendors.velocloud.hosts, ...lastContact };
}
