/** The two dispatch vendors: LIT and CTS (Salesforce-shaped). */
export type DispatchVendor = 'lit' | 'cts';
export const DISPATCH_VENDORS: readonly DispatchVendor[] = ['lit', 'cts'];

/** A dispatch's status in general terms, whatever the vendor calls it. */
export type DispatchStatus = 'requested' | 'confirmed' | 'tech-on-site' | 'cancelled' | 'completed';

/** The seed's vendor → general status table, row for row. */
export const VENDOR_STATUSES: Readonly<Record<DispatchVendor, Readonly<Record<string, DispatchStatus>>>> = {
  lit: {
    'New Dispatch': 'requested',
    'Request Confirmed': 'confirmed',
    'Tech Arrived': 'tech-on-site',
    Cancelled: 'cancelled',
    'Close Out': 'completed',
  },
  cts: {
    Open: 'requested',
    Scheduled: 'confirmed',
    'On Site': 'tech-on-site',
    Canceled: 'cancelled',
    Completed: 'completed',
    'Complete Pending Collateral': 'completed',
  },
};

/** The general status of a vendor's status text, or undefined for a status the table does not know. */
export function generalStatus(vendor: DispatchVendor, vendorStatus: string): DispatchStatus | undefined {
  const table = VENDOR_STATUSES[vendor];
  return Object.hasOwn(table, vendorStatus.trim()) ? table[vendorStatus.trim()] : undefined;
}
