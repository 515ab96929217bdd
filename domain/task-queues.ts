/** The workflow task queue: every workflow runs here. */
export const ORCHESTRATION_QUEUE = 'orchestration';

/** One activity task queue per vendor, so a slow or failing vendor cannot starve the others. */
export const VENDOR_QUEUES = [
  'bruin',
  'velocloud',
  'hawkeye',
  'lit',
  'cts',
  't7',
  'digi',
  'lumin',
  'notifier',
] as const;
export type VendorQueue = (typeof VENDOR_QUEUES)[number];

export const ALL_QUEUES = [ORCHESTRATION_QUEUE, ...VENDOR_QUEUES] as const;
export type TaskQueueName = (typeof ALL_QUEUES)[number];

export function isTaskQueueName(name: string): name is TaskQueueName {
  return (ALL_QUEUES as readonly string[]).includes(name);
}
