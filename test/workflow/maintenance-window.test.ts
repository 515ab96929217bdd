import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { createMaintenanceActivities } from '../../activities/app-store/maintenance';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { maintenanceWindow } from '../../workflows';
import { endMaintenance, extendMaintenance, maintenanceSaved, maintenanceState } from '../../workflows/maintenance/api';
import { useWorkflowTestEnv, withWorkers } from '../helpers/time-skipping';

const H = 3_600_000;

/**
 * The Java test server does not deliver an update sent before the run's first workflow task completed. A query is no
 * proof of that task: it can be answered while the task is still in flight (under CI's load an update sent then was
 * never answered), so wait for the completed task in the history.
 */
async function firstTaskCompleted(handle: WorkflowHandle): Promise<void> {
  for (;;) {
    const events = (await handle.fetchHistory()).events ?? [];
    if (events.some((e) => e.workflowTaskCompletedEventAttributes)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('maintenance window workflow (time-skipping server)', () => {
  const ctx = useWorkflowTestEnv();

  it('is scheduled, then active, then ended; extends and ends by update with who and why; refuses bad changes', async () => {
    const store = new SqliteAppStore(':memory:');
    const ids = async (atMs: number) =>
      (await store.maintenance.openMaintenanceWindows(new Date(atMs))).map((w) => w.id);
    await withWorkers(ctx, { orchestration: createMaintenanceActivities(store.maintenance) }, async () => {
      const now = await ctx.env.currentTimeMs();
      const handle = await ctx.env.client.workflow.start(maintenanceWindow, {
        taskQueue: 'orchestration',
        workflowId: 'maintenance/device:VC0001@test',
        args: [
          {
            window: {
              id: 'device:VC0001@test',
              scope: { kind: 'device', serialNumber: 'VC0001' },
              start: new Date(now + H).toISOString(),
              end: new Date(now + 3 * H).toISOString(),
              timeZone: 'America/New_York',
              reason: 'fibre works',
              setBy: 'noc-alice',
            },
            maxDays: 1,
          },
        ],
      });
      await firstTaskCompleted(handle);
      // What the portal's update-with-start waits for: the window as set, once the monitors' lookup has it.
      const saved = await handle.executeUpdate(maintenanceSaved);
      expect(saved).toMatchObject({ status: 'scheduled', events: [{ what: 'set', by: 'noc-alice' }] });
      expect(await ids(now + 2 * H)).toEqual(['device:VC0001@test']);

      const refusal = async (run: () => Promise<unknown>) => {
        try {
          await run();
        } catch (err) {
          expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
          return ((err as WorkflowUpdateFailedError).cause as Error).message;
        }
        return 'accepted';
      };
      const extend = (end: number, why = 'late') =>
        handle.executeUpdate(extendMaintenance, { args: [{ end: new Date(end).toISOString(), by: 'noc-alice', why }] });
      expect(await refusal(() => extend(now + 2 * H))).toBe('end: must be later than the current end');
      expect(await refusal(() => extend(now + 26 * H))).toBe(
        'end: the window may last at most 1 days (MAINTENANCE_MAX_DAYS)',
      );
      expect(await refusal(() => extend(now + 4 * H, ' '))).toBe('say who and why (by, why)');

      await ctx.env.sleep(H + 60_000);
      expect((await handle.query(maintenanceState)).status).toBe('active');
      const extended = await extend(now + 4 * H);
      expect(extended.window.end).toBe(new Date(now + 4 * H).toISOString());
      // Answered once saved: the monitors' next lookup sees the new end.
      expect(await ids(now + 3.5 * H)).toEqual(['device:VC0001@test']);

      const ended = await handle.executeUpdate(endMaintenance, { args: [{ by: 'noc-bob', why: 'done early' }] });
      expect(ended.status).toBe('ended');
      expect(ended.events.map((e) => [e.what, e.by, e.why])).toEqual([
        ['set', 'noc-alice', 'fibre works'],
        ['extended', 'noc-alice', 'late'],
        ['ended', 'noc-bob', 'done early'],
      ]);
      const result = await handle.result();
      expect(result.status).toBe('ended');
      expect(await ids(now + 3.5 * H)).toEqual([]);
    });
    await store.close();
  });

  it('ended before it begins, it never begins', async () => {
    const store = new SqliteAppStore(':memory:');
    await withWorkers(ctx, { orchestration: createMaintenanceActivities(store.maintenance) }, async () => {
      const now = await ctx.env.currentTimeMs();
      const handle = await ctx.env.client.workflow.start(maintenanceWindow, {
        taskQueue: 'orchestration',
        workflowId: 'maintenance/client:9994@test',
        args: [
          {
            window: {
              id: 'client:9994@test',
              scope: { kind: 'client', clientId: '9994' },
              start: new Date(now + H).toISOString(),
              end: new Date(now + 2 * H).toISOString(),
              timeZone: 'UTC',
              reason: 'planned',
              setBy: 'noc-alice',
            },
            maxDays: 1,
          },
        ],
      });
      await firstTaskCompleted(handle);
      expect((await handle.query(maintenanceState)).status).toBe('scheduled');
      await handle.executeUpdate(endMaintenance, { args: [{ by: 'noc-bob', why: 'cancelled' }] });
      expect((await handle.result()).status).toBe('ended');
      expect(await store.maintenance.openMaintenanceWindows(new Date(now + 1.5 * H))).toEqual([]);
    });
    await store.close();
  });
});
