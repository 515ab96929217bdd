import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from '@temporalio/client';
import {
  checkMaintenanceRequest,
  scopeKey,
  wallInstant,
  type FieldProblem,
  type MaintenanceRequest,
  type MaintenanceScope,
  type MaintenanceWindow,
} from '../domain/maintenance';
import { SearchAttr } from '../domain/search-attributes';
import { ORCHESTRATION_QUEUE } from '../domain/task-queues';
import { maintenanceWindowId, maintenanceWorkflowId } from '../domain/workflow-ids';
import type { CustomerCache } from '../store/customer-cache';
import { PortalError } from './dispatches';
import type { MaintenanceWindowStore } from '../store/maintenance-windows';
import {
  endMaintenance,
  extendMaintenance,
  MAINTENANCE_WINDOW,
  maintenanceSaved,
  maintenanceState,
  type MaintenanceWindowState,
} from '../workflows/maintenance/api';
import type { maintenanceWindow } from '../workflows/maintenance/maintenance-window';

/**
 * Why a maintenance action was refused: 422 (a rule only the clock, the calendar or the monitored fleet can tell, with
 * the fields at fault; what the API's document can tell is refused with 400 before this), 404 (no such window) or 409
 * (a conflict: the same window again, a window ended, a change its workflow refused). The portal answers it as any of
 * its refusals.
 */
export class MaintenanceError extends PortalError {
  constructor(status: 404 | 409 | 422, message: string, fields: FieldProblem[] = []) {
    super(status, message, fields);
  }
}

export interface MaintenanceDeps {
  client: Client;
  /** Where the windows are looked up, and the customer caches that say which devices exist. */
  store: CustomerCache & { maintenance: MaintenanceWindowStore };
  maxDays: number;
  now?: () => number;
  /** How long `set` waits for a worker to save a new window before answering anyway (default 10 s). */
  savedWithinMs?: number;
  /** Where windows run (the orchestration pool's queue; a test points it at one nobody polls). */
  taskQueue?: string;
}

/** How long an ended window still lists. */
const LISTED_AFTER_END_MS = 7 * 86_400_000;

/**
 * Maintenance windows as the portal and `npm run maintenance` set, list, extend and end them: each window is a
 * `maintenanceWindow` workflow (its history the audit trail of who did what and why), looked up by the monitors in
 * the app store. Every refusal says which field and why; nothing half-done is left behind.
 */
export function maintenanceWindows(deps: MaintenanceDeps) {
  const now = deps.now ?? Date.now;
  const handle = (id: string) => deps.client.workflow.getHandle(maintenanceWorkflowId(id));

  /** Whether the scope names something the monitors know (the VeloCloud and Hawkeye customer caches). */
  async function known(scope: MaintenanceScope): Promise<boolean> {
    const entries = [
      ...((await deps.store.customerCache('velocloud'))?.entries ?? []),
      ...((await deps.store.customerCache('hawkeye'))?.entries ?? []),
    ];
    switch (scope.kind) {
      case 'device':
        return entries.some((e) => e.serialNumber === scope.serialNumber);
      case 'client':
        return entries.some((e) => e.clientId === scope.clientId);
      case 'enterprise':
        return entries.some((e) => e.host === scope.host && e.enterpriseId === scope.enterpriseId);
    }
  }

  /** Runs an update; a refusal by its validator (or a window already ended) becomes a 409 with its reason. */
  async function update<A>(id: string, run: () => Promise<A>): Promise<A> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) {
        // An update to a window whose workflow has closed is "not found" too: tell an ended window from none.
        const closed = await handle(id)
          .describe()
          .then(
            () => true,
            () => false,
          );
        throw closed
          ? new MaintenanceError(409, 'the window has ended')
          : new MaintenanceError(404, `no maintenance window ${id}`);
      }
      if (err instanceof WorkflowUpdateFailedError)
        throw new MaintenanceError(409, (err.cause as Error | undefined)?.message ?? err.message);
      throw err;
    }
  }

  return {
    /** Sets a window (refused with every problem at once); the same window set twice is refused with 409. */
    async set(request: Partial<Record<keyof MaintenanceRequest, unknown>>, setBy: string): Promise<MaintenanceWindow> {
      const checked = checkMaintenanceRequest(request, { maxDays: deps.maxDays, nowMs: now() });
      if ('problems' in checked)
        throw new MaintenanceError(
          422,
          checked.problems.map((p) => `${p.field}: ${p.reason}`).join('; '),
          checked.problems,
        );
      if (!(await known(checked.scope)))
        throw new MaintenanceError(
          422,
          `scope: no ${checked.scope.kind} ${scopeKey(checked.scope).split(':')[1]} is monitored`,
          [{ field: 'scope', reason: `no such ${checked.scope.kind} among the monitored devices` }],
        );
      const start = new Date(checked.startMs).toISOString();
      const window: MaintenanceWindow = {
        id: maintenanceWindowId(scopeKey(checked.scope), start),
        scope: checked.scope,
        start,
        end: new Date(checked.endMs).toISOString(),
        timeZone: String(request.timeZone),
        reason: String(request.reason).trim(),
        setBy,
      };
      // Started and asked "saved yet?" in one call (update-with-start): answered once the monitors' next lookup sees
      // the window. With no worker to run it, it is set all the same (the workflow is durable, and saves it as soon as
      // a worker runs it), so the answer comes after `savedWithinMs` rather than never.
      const startWorkflowOperation = new WithStartWorkflowOperation<typeof maintenanceWindow>(MAINTENANCE_WINDOW, {
        taskQueue: deps.taskQueue ?? ORCHESTRATION_QUEUE,
        workflowId: maintenanceWorkflowId(window.id),
        workflowIdConflictPolicy: 'FAIL',
        args: [{ window, maxDays: deps.maxDays }],
        staticSummary: `Maintenance: ${scopeKey(window.scope)}, ${window.start} to ${window.end}`,
        typedSearchAttributes: [{ key: SearchAttr.MaintenanceScope, value: scopeKey(window.scope) }],
      });
      try {
        await deps.client.withDeadline(Date.now() + (deps.savedWithinMs ?? 10_000), () =>
          deps.client.workflow.executeUpdateWithStart(maintenanceSaved, { startWorkflowOperation }),
        );
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError)
          throw new MaintenanceError(409, `a window for ${scopeKey(window.scope)} starting ${start} is already set`);
        if (!(err instanceof WorkflowUpdateRPCTimeoutOrCancelledError)) throw err;
        // Not saved in time: set only if the start went through (a describe of a window never started throws).
        await handle(window.id).describe();
      }
      return window;
    },

    /** Windows that are open, coming, or ended within the last 7 days, soonest start first. */
    async list(): Promise<MaintenanceWindow[]> {
      return deps.store.maintenance.maintenanceWindowsSince(new Date(now() - LISTED_AFTER_END_MS));
    },

    /** One window with its status and its changes (who, when, why). */
    async show(id: string): Promise<MaintenanceWindowState> {
      return update(id, () => handle(id).query(maintenanceState));
    },

    /** Moves a window's end later: `end` is a wall time in the window's zone (YYYY-MM-DDTHH:mm). */
    async extend(id: string, end: string, by: string, why: string): Promise<MaintenanceWindowState> {
      const { window } = await this.show(id);
      const endMs = wallInstant(end, window.timeZone);
      if (endMs === undefined)
        throw new MaintenanceError(422, 'end: must be a date and time, YYYY-MM-DDTHH:mm', [
          { field: 'end', reason: 'must be a date and time, YYYY-MM-DDTHH:mm' },
        ]);
      const endIso = new Date(endMs).toISOString();
      return update(id, () => handle(id).executeUpdate(extendMaintenance, { args: [{ end: endIso, by, why }] }));
    },

    /** Ends a window now (one not started yet ends before it begins). */
    async end(id: string, by: string, why: string): Promise<MaintenanceWindowState> {
      return update(id, () => handle(id).executeUpdate(endMaintenance, { args: [{ by, why }] }));
    },
  };
}
export type MaintenanceService = ReturnType<typeof maintenanceWindows>;
