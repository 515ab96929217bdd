// A maintenance window's public surface: its input, state, updates and query, used by the workflow, the portal,
// `npm run maintenance` and the tests alike.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { MaintenanceStatus, MaintenanceWindow } from '../../domain/maintenance';

/** Workflow type, for starters that cannot import workflow code (type-checked against it). */
export const MAINTENANCE_WINDOW = 'maintenanceWindow' satisfies keyof typeof import('./maintenance-window');

/** Who changed a window and why: every change carries it, and the history keeps it (the audit trail). */
export interface MaintenanceChange {
  by: string;
  why: string;
}

/** A window's change as the history and the query show it. */
export interface MaintenanceEvent extends MaintenanceChange {
  at: string;
  what: 'set' | 'extended' | 'ended';
  /** The end after the change. */
  end: string;
}

export interface MaintenanceWindowInput {
  window: MaintenanceWindow;
  /** The longest a window may last (MAINTENANCE_MAX_DAYS when it was set): an extension past it is refused. */
  maxDays: number;
}

export interface MaintenanceWindowState {
  window: MaintenanceWindow;
  status: MaintenanceStatus;
  events: MaintenanceEvent[];
}

/**
 * Answers once the window as set is saved for the monitors: sent with the start (update-with-start), so whoever sets a
 * window hears back when the next cycle's lookup sees it, in one call.
 */
export const maintenanceSaved = defineUpdate<MaintenanceWindowState>('maintenanceSaved');
/** Moves the window's end later (ISO instant); refused, with the reason, when it is not later or too long. */
export const extendMaintenance = defineUpdate<MaintenanceWindowState, [MaintenanceChange & { end: string }]>(
  'extendMaintenance',
);
/** Ends the window now; refused when it has ended already. */
export const endMaintenance = defineUpdate<MaintenanceWindowState, [MaintenanceChange]>('endMaintenance');
export const maintenanceState = defineQuery<MaintenanceWindowState>('maintenanceState');
