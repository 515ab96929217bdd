import { FaultInjector } from './faults';
import { SCENARIOS } from './scenarios';
import type { Entity, Outbox, SandboxState, SandboxVendor } from './state';

/** Raised for a bad control-API or simulator request; becomes a 4xx with the reason. */
export class SandboxRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Entity IDs grouped by a key (one entity may sit under several: a client under each of its serials). */
export function groupIds(
  items: Record<string, Entity>,
  keysOf: (e: Entity) => string | string[],
): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [id, e] of Object.entries(items)) {
    const keys = keysOf(e);
    for (const key of Array.isArray(keys) ? keys : [keys]) {
      const ids = groups.get(key);
      if (ids) ids.push(id);
      else groups.set(key, [id]);
    }
  }
  return groups;
}

/** The simulators' shared state: vendor entities, the engine's outbound messages, and faults. */
export class Sandbox {
  state: SandboxState;
  readonly faults = new FaultInjector();
  /** Most events one VeloCloud events answer holds (VCO's 2048); lower it to exercise `metaData.more`. */
  eventPageLimit = 2048;
  /** Records per CTS (Salesforce) query answer; lower it to exercise `nextRecordsUrl`. */
  ctsQueryPageSize = 200;
  /** Answers held right now after the vendor acted (`replyDelayMs`): a caller dying now had an unheard effect. */
  heldReplies = 0;
  private sequence = 0;
  /** Writes per `vendor/collection`: with the collection's identity (new after a reset), what invalidates an index. */
  private readonly writes = new Map<string, number>();
  private readonly indexes = new Map<string, { source: object; version: number; value: unknown }>();

  constructor(scenario = 'demo') {
    this.state = Sandbox.load(scenario);
  }

  static load(scenario: string): SandboxState {
    const build = SCENARIOS[scenario];
    if (!build)
      throw new SandboxRequestError(400, `unknown scenario "${scenario}"; known: ${Object.keys(SCENARIOS).join(', ')}`);
    return build();
  }

  /** Back to a named scenario: entities, outbox, faults and ID sequences all start over. */
  reset(scenario: string): void {
    this.state = Sandbox.load(scenario);
    this.faults.reset();
    this.sequence = 0;
  }

  /**
   * A write to one collection that may change what its indexes group by (an entity added, removed or
   * replaced): the control API and simulators that add entities call it. Only that collection's indexes are
   * rebuilt: a ticket created does not make the next edge read rebuild the edges' index. Replacing `state`
   * wholesale needs no call.
   */
  touched(vendor: SandboxVendor, collection: string): void {
    const key = `${vendor}/${collection}`;
    this.writes.set(key, (this.writes.get(key) ?? 0) + 1);
  }

  /**
   * A lookup structure over one collection (edges by host and enterprise, clients by serial), built once and
   * rebuilt after a write: simulators answer in time proportional to the answer, not to the fleet, so a
   * benchmark of 50,000 edges measures the engine rather than the simulator.
   */
  indexed<T>(vendor: SandboxVendor, collection: string, name: string, build: (items: Record<string, Entity>) => T): T {
    const items = this.collection(vendor, collection);
    const key = `${vendor}/${collection}/${name}`;
    const version = this.writes.get(`${vendor}/${collection}`) ?? 0;
    const cached = this.indexes.get(key);
    if (cached && cached.source === items && cached.version === version) return cached.value as T;
    const value = build(items);
    this.indexes.set(key, { source: items, version, value });
    return value;
  }

  /** Holds a vendor's answer after it acted, counted in `heldReplies` meanwhile. */
  async holdReply(ms: number): Promise<void> {
    if (ms <= 0) return;
    this.heldReplies++;
    try {
      await new Promise<void>((resolve) => setTimeout(resolve, ms));
    } finally {
      this.heldReplies--;
    }
  }

  /** A deterministic ID within the current scenario run (e.g. SM…, a Slack ts). */
  nextId(): number {
    return ++this.sequence;
  }

  collection(vendor: SandboxVendor, collection: string): Record<string, Entity> {
    const collections = this.state.vendors[vendor] as Record<string, Record<string, Entity>>;
    const found = Object.hasOwn(collections, collection) ? collections[collection] : undefined;
    if (!found)
      throw new SandboxRequestError(
        404,
        `${vendor} has no collection "${collection}"; it has: ${Object.keys(collections).join(', ')}`,
      );
    return found;
  }

  record<K extends keyof Outbox>(channel: K, entry: Outbox[K][number]): void {
    (this.state.outbox[channel] as Array<Outbox[K][number]>).push(entry);
  }
}
