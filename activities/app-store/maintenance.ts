import type { MaintenanceWindow } from '../../domain/maintenance';
import type { MaintenanceWindowStore } from '../../store/maintenance-windows';

/** A maintenance window's store activity, run by the orchestration pool (local I/O). */
export function createMaintenanceActivities(store: MaintenanceWindowStore) {
  return {
    /** The window as it stands now, where the monitors look it up. */
    async saveMaintenanceWindow(window: MaintenanceWindow): Promise<void> {
      await store.saveMaintenanceWindow(window);
    },
  };
}
export type MaintenanceActivities = ReturnType<typeof createMaintenanceActivities>;
