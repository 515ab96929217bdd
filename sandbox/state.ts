/** An entity a simulator holds (an edge, a ticket, a dispatch): JSON with an `id`. */
export type Entity = { id: string } & Record<string, unknown>;

/** What the engine sent out through the notification channels. */
export interface Outbox {
  emails: Array<{
    messageId: string;
    from: string;
    /** Every envelope recipient (to and cc); `cc` the ones the Cc header names. */
    to: string[];
    cc: string[];
    subject: string;
    text: string;
    html?: string;
    /** Text attachments (a CSV) with their content; others by name, type and size. */
    attachments: Array<{ filename: string; contentType: string; size: number; content?: string }>;
    receivedAt: string;
  }>;
  slack: Array<{
    ts: string;
    channel: string;
    channelId: string;
    text: string;
    metadata?: { event_type: string; event_payload: Record<string, unknown> };
    receivedAt: string;
  }>;
  sms: Array<{ sid: string; from: string; to: string; body: string; receivedAt: string }>;
}

/** Vendors whose entities the sandbox holds, with the collections each exposes. */
export const VENDOR_COLLECTIONS = {
  bruin: ['clients', 'tickets', 'notes'],
  velocloud: ['enterprises', 'edges', 'events'],
  hawkeye: ['devices'],
  lit: ['dispatches'],
  cts: ['dispatches'],
  t7: ['predictions', 'feedback', 'metrics'],
  digi: ['devices'],
  lumin: ['customers'],
} as const;
export type SandboxVendor = keyof typeof VENDOR_COLLECTIONS;

/** Channels that only receive (no entities), and can take faults. */
export const CHANNEL_VENDORS = ['slack', 'twilio', 'smtp'] as const;
export type FaultTarget = SandboxVendor | (typeof CHANNEL_VENDORS)[number];
export const FAULT_TARGETS: readonly FaultTarget[] = [
  ...(Object.keys(VENDOR_COLLECTIONS) as SandboxVendor[]),
  ...CHANNEL_VENDORS,
];

export interface SandboxState {
  scenario: string;
  vendors: { [V in SandboxVendor]: Record<(typeof VENDOR_COLLECTIONS)[V][number], Record<string, Entity>> };
  outbox: Outbox;
}

export function emptyState(scenario: string): SandboxState {
  const vendors = Object.fromEntries(
    Object.entries(VENDOR_COLLECTIONS).map(([vendor, collections]) => [
      vendor,
      // Null-prototype maps: an entity ID or collection name such as "__proto__" is just a key.
      Object.fromEntries(collections.map((c) => [c, Object.create(null) as Record<string, Entity>])),
    ]),
  ) as SandboxState['vendors'];
  return { scenario, vendors, outbox: { emails: [], slack: [], sms: [] } };
}

export function isSandboxVendor(v: string): v is SandboxVendor {
  return Object.hasOwn(VENDOR_COLLECTIONS, v);
}
