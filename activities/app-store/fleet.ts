import type { FleetSnapshot } from '../../domain/fleet';
import type { FleetSnapshotStore } from '../../store/fleet-snapshots';

/** The sites monitor's store activity, run by the orchestration pool (local I/O). */
export function createFleetActivities(store: FleetSnapshotStore) {
  return {
    async saveFleetSnapshot(snapshot: FleetSnapshot): Promise<void> {
      await store.saveFleetSnapshot(snapshot);
    },
  };
}
export type FleetActivities = ReturnType<typeof createFleetActivities>;
