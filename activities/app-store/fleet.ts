import { mergeCounts, type FleetSnapshot } from '../../domain/fleet';
import { cycleStats, foldInterval, intervalSummary } from '../../domain/sites-statistics';
import type { FleetSnapshotStore } from '../../store/fleet-snapshots';

/** A closed interval whose summary is owed to Slack. */
export interface SitesSummaryOwed {
  intervalStart: string;
  text: string;
}

/** The sites monitor's store activities, run by the orchestration pool (local I/O). */
export function createFleetActivities(store: FleetSnapshotStore) {
  /**
   * Saves a cycle's snapshot and adds the cycle to its notifier interval, then answers the summaries owed: every
   * earlier interval not closed yet in which some edge was faulty. An earlier interval with no faulty edge is closed
   * here, with nothing to send (seed 000 notifies the faulty edges, not a healthy fleet).
   */
  const saveCycle = async (snapshot: FleetSnapshot, intervalSeconds: number): Promise<SitesSummaryOwed[]> => {
    await store.saveFleetSnapshot(snapshot);
    const stats = cycleStats(snapshot.cycle, snapshot.takenAt, intervalSeconds, snapshot);
    await store.recordSitesCycle(stats);
    const owed: SitesSummaryOwed[] = [];
    for (const cycles of await store.openSitesIntervals(stats.intervalStart)) {
      const interval = foldInterval(cycles, intervalSeconds);
      if (interval.faulty.length) owed.push({ intervalStart: interval.start, text: intervalSummary(interval) });
      else await store.closeSitesInterval(interval.start, new Date().toISOString());
    }
    return owed;
  };
  return {
    /**
     * The cycle's snapshot taken from the parts its batches kept in the store (they stay, so a retry takes the same),
     * saved as above: the workflow passes the cycle's name, not its fleet.
     */
    async takeSitesCycle(input: {
      cycle: string;
      takenAt: string;
      intervalSeconds: number;
    }): Promise<SitesSummaryOwed[]> {
      const counts = mergeCounts(await store.fleetParts(input.cycle));
      return saveCycle({ ...counts, cycle: input.cycle, takenAt: input.takenAt }, input.intervalSeconds);
    },

    /** Closes an interval once its summary went: its cycles are dropped, and no late cycle reopens it. */
    async closeSitesInterval(input: { intervalStart: string }): Promise<void> {
      await store.closeSitesInterval(input.intervalStart, new Date().toISOString());
    },
  };
}
export type FleetActivities = ReturnType<typeof createFleetActivities>;
