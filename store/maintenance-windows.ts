import type { MaintenanceWindow } from '../domain/maintenance';

/**
 * The maintenance windows as the monitors look them up: each window's workflow (`maintenanceWindow`, the record of
 * who set, extended or ended it and why) writes its current start and end here.
 */
export interface MaintenanceWindowStore {
  /** Saves a window as it stands now (a later save of the same ID replaces it). */
  saveMaintenanceWindow(window: MaintenanceWindow): Promise<void>;
  /** The windows open at an instant: one read per monitor batch. */
  openMaintenanceWindows(at: Date): Promise<MaintenanceWindow[]>;
  /** The windows that end after `since` (open, coming, or ended since then), soonest start first. */
  maintenanceWindowsSince(since: Date): Promise<MaintenanceWindow[]>;
}
