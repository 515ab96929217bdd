import {
  allHandlersFinished,
  condition,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { scopeKey, windowStatus, type MaintenanceStatus } from '../../domain/maintenance';
import { SearchAttr } from '../../domain/search-attributes';
import { maintenanceStore } from '../activities';
import { pinned } from '../versioning';
import {
  endMaintenance,
  extendMaintenance,
  maintenanceSaved,
  maintenanceState,
  type MaintenanceChange,
  type MaintenanceEvent,
  type MaintenanceWindowInput,
  type MaintenanceWindowState,
} from './api';

/**
 * One maintenance window, from the moment it is set until it ends: its current start and end live in the app store,
 * where the monitors look them up once per batch; this workflow is its record (who set, extended or ended it, and why,
 * each an update in the history) and what the Web UI finds (`MaintenanceScope`, `Outcome`: scheduled, active, ended).
 */
export async function maintenanceWindow(input: MaintenanceWindowInput): Promise<MaintenanceWindowState> {
  let window = input.window;
  const now = () => Date.now();
  const events: MaintenanceEvent[] = [
    { at: new Date(now()).toISOString(), what: 'set', by: window.setBy, why: window.reason, end: window.end },
  ];
  const status = (): MaintenanceStatus => windowStatus(window, now());
  const state = (): MaintenanceWindowState => ({ window, status: status(), events });
  // Each change is a version; the loop saves the latest, and an update answers once its change is saved (so the
  // monitors' next lookup already sees it).
  let version = 1;
  let saved = 0;
  const change = async (what: MaintenanceEvent['what'], end: string, c: MaintenanceChange) => {
    // Ended before it began, it never begins: an empty window from now to now.
    window = { ...window, end, ...(Date.parse(end) < Date.parse(window.start) ? { start: end } : {}) };
    events.push({ at: new Date(now()).toISOString(), what, by: c.by, why: c.why, end });
    const mine = ++version;
    await condition(() => saved >= mine);
    return state();
  };
  const refuseUnless = (ok: boolean, reason: string) => {
    if (!ok) throw new Error(reason);
  };
  const checkChange = (c: MaintenanceChange) => {
    refuseUnless(status() !== 'ended', 'the window has ended');
    refuseUnless(!!c.by?.trim() && !!c.why?.trim(), 'say who and why (by, why)');
  };

  setHandler(maintenanceState, state);
  setHandler(maintenanceSaved, async () => {
    await condition(() => saved >= 1);
    return state();
  });
  setHandler(extendMaintenance, (c) => change('extended', new Date(Date.parse(c.end)).toISOString(), c), {
    validator: (c) => {
      checkChange(c);
      const end = Date.parse(c.end);
      refuseUnless(Number.isFinite(end) && end > Date.parse(window.end), 'end: must be later than the current end');
      refuseUnless(
        end - Date.parse(window.start) <= input.maxDays * 86_400_000,
        `end: the window may last at most ${input.maxDays} days (MAINTENANCE_MAX_DAYS)`,
      );
    },
  });
  setHandler(endMaintenance, (c) => change('ended', new Date(now()).toISOString(), c), { validator: checkChange });

  upsertSearchAttributes([{ key: SearchAttr.MaintenanceScope, value: scopeKey(window.scope) }]);
  for (;;) {
    if (saved < version) {
      const saving = version;
      await maintenanceStore.saveMaintenanceWindow(window);
      saved = saving;
    }
    const current = status();
    upsertSearchAttributes([{ key: SearchAttr.Outcome, value: current }]);
    setCurrentDetails(
      `${current}: ${scopeKey(window.scope)} from ${window.start} to ${window.end} (${window.timeZone}); ${window.reason}`,
    );
    if (current === 'ended') break;
    const next = current === 'scheduled' ? Date.parse(window.start) : Date.parse(window.end);
    await condition(() => saved < version, next - now());
  }
  await condition(allHandlersFinished);
  return state();
}
pinned(maintenanceWindow);
