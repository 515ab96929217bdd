/**
 * The idempotency key of one outbound notification: the workflow ID (not the run ID, so a reset
 * does not resend), the business step, and the business entity it is about.
 */
export function notificationKey(workflowId: string, step: string, businessId: string): string {
  for (const [name, part] of [
    ['workflowId', workflowId],
    ['step', step],
    ['businessId', businessId],
  ] as const) {
    if (!part) throw new Error(`notification key: ${name} is empty`);
  }
  return `${workflowId}|${step}|${businessId}`;
}
