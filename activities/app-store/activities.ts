import type { CustomerCache, CustomerCacheEntry } from '../../store/customer-cache';
import type { ProcessedKeys } from '../../store/processed-keys';
import type { OwedWork } from '../../store/owed-work';
import type { RecheckClaims } from '../../store/recheck-claims';
import type { Forgotten, StoreRetention } from '../../store/retention';

export interface CustomerCacheSummary {
  refreshedAt: string;
  edges: number;
  /** Enterprises per orchestrator host: the monitor pages through these. */
  hosts: Array<{ host: string; enterpriseIds: number[] }>;
  /** Bruin clients owning at least one cached edge, sorted. */
  clientIds: string[];
}

/** App-store activities, run by the orchestration pool (local I/O, no vendor behind them). */
export function createAppStoreActivities(
  store: CustomerCache & ProcessedKeys & RecheckClaims & OwedWork & StoreRetention,
) {
  return {
    async stageCustomerCache({
      source,
      generation,
      entries,
    }: {
      source: string;
      generation: string;
      entries: CustomerCacheEntry[];
    }): Promise<void> {
      await store.stageCustomerCache(source, generation, entries);
    },

    async commitCustomerCache({
      source,
      generation,
    }: {
      source: string;
      generation: string;
    }): Promise<{ edges: number; refreshedAt: string }> {
      const refreshedAt = new Date().toISOString();
      return { edges: await store.commitCustomerCache(source, generation, refreshedAt), refreshedAt };
    },

    /** Of these keys, the ones not yet processed in `scope` (e.g. closed tickets not yet sent to T7). */
    async unprocessedKeys({ scope, keys }: { scope: string; keys: string[] }): Promise<string[]> {
      const done = new Set(await store.processedAmong(scope, keys));
      return keys.filter((k) => !done.has(k));
    },

    /**
     * Claims these devices for one recheck batch (`holder`, its workflow ID) for `minutes`: the ones another
     * overlapping cycle's batch holds are left out, so no device is rechecked, or ticketed, twice at once.
     */
    async claimRechecks({
      devices,
      holder,
      minutes,
    }: {
      devices: string[];
      holder: string;
      minutes: number;
    }): Promise<string[]> {
      return store.claimRechecks(devices, holder, new Date(Date.now() + minutes * 60_000));
    },

    async releaseRechecks({ devices, holder }: { devices: string[]; holder: string }): Promise<void> {
      await store.releaseRechecks(devices, holder);
    },

    /** Marks a subject as owing side effects to its `owedWork` workflow (`holder`), owed since `since` (ISO). */
    async markOwed({ subject, holder, since }: { subject: string; holder: string; since: string }): Promise<void> {
      await store.markOwed(subject, holder, new Date(since));
    },

    /** Clears `holder`'s mark on a subject: everything it owed was delivered. */
    async clearOwed({ subject, holder }: { subject: string; holder: string }): Promise<void> {
      await store.clearOwed(subject, holder);
    },

    /** Of these subjects (a recheck batch's devices), the ones that owe side effects. */
    async owedAmong({ subjects }: { subjects: string[] }): Promise<string[]> {
      return store.owedAmong(subjects);
    },

    /** Every subject of a kind that owes side effects (`outage-ticket/`): few, only what a vendor has not taken. */
    async listOwed({ prefix }: { prefix: string }): Promise<string[]> {
      return store.listOwed(prefix);
    },

    /** One chunk of what the retention forgets: ledger entries and processed keys last written before `before` (ISO). */
    async forgetExpired({ before, limit }: { before: string; limit: number }): Promise<Forgotten> {
      return store.forgetBefore(new Date(before), limit);
    },

    async markProcessed({ scope, keys }: { scope: string; keys: string[] }): Promise<void> {
      await store.markProcessed(scope, keys);
    },

    /** Which enterprises the cache covers, per host; null when no refresh has completed yet. */
    async customerCacheSummary({ source }: { source: string }): Promise<CustomerCacheSummary | null> {
      const snapshot = await store.customerCache(source);
      if (!snapshot) return null;
      const byHost = new Map<string, Set<number>>();
      const clientIds = new Set<string>();
      for (const e of snapshot.entries) {
        clientIds.add(e.clientId);
        if (e.host === undefined || e.enterpriseId === undefined) continue; // not a VeloCloud edge
        if (!byHost.has(e.host)) byHost.set(e.host, new Set());
        byHost.get(e.host)!.add(e.enterpriseId);
      }
      return {
        refreshedAt: snapshot.refreshedAt,
        edges: snapshot.entries.length,
        hosts: [...byHost].map(([host, ids]) => ({ host, enterpriseIds: [...ids].sort((a, b) => a - b) })),
        clientIds: [...clientIds].sort(),
      };
    },

    /** The cached entries (client, orchestrator coordinates) of these serials; unknown serials are left out. */
    async cachedDevices({
      source,
      serialNumbers,
    }: {
      source: string;
      serialNumbers: string[];
    }): Promise<Record<string, CustomerCacheEntry>> {
      const snapshot = await store.customerCache(source);
      const wanted = new Set(serialNumbers);
      return Object.fromEntries(
        (snapshot?.entries ?? []).filter((e) => wanted.has(e.serialNumber)).map((e) => [e.serialNumber, e]),
      );
    },
  };
}
export type AppStoreActivities = ReturnType<typeof createAppStoreActivities>;
