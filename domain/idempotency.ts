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

/**
 * A short, stable stand-in for a value that must tell steps apart but may not appear in a key or a
 * log line (a technician's name): FNV-1a, 32 bits, hex. Deterministic, so workflow code can use it.
 */
export function keyToken(value: string): string {
  let hash = 0x811c9dc5;
  for (const ch of value) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
