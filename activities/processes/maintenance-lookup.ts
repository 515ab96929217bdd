import { openWindowsAt, windowCovering, type MaintenanceWindow, type MonitoredDevice } from '../../domain/maintenance';
import type { MaintenanceWindowStore } from '../../store/maintenance-windows';

/** Which window, if any, a device is in at `at`. */
export type InMaintenance = (device: MonitoredDevice) => MaintenanceWindow | undefined;

/**
 * The maintenance lookup of one monitor batch: the windows open at `at`, read once from the store, then each device
 * looked up in memory (no read per device, so a 50,000-edge cycle pays one read per batch).
 */
export async function maintenanceLookup(store: MaintenanceWindowStore | undefined, at: Date): Promise<InMaintenance> {
  const windows = store ? await store.openMaintenanceWindows(at) : [];
  if (windows.length === 0) return () => undefined;
  const open = openWindowsAt(windows, at.getTime());
  return (device) => windowCovering(open, device);
}
