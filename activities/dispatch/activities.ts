import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { DispatchSnapshot } from '../../domain/dispatch';
import { SearchAttr } from '../../domain/search-attributes';
import { ORCHESTRATION_QUEUE } from '../../domain/task-queues';
import { dispatchWorkflowId } from '../../domain/workflow-ids';
import { DISPATCH_TIMELINE, dispatchUpdated, type DispatchTimelineInput } from '../../workflows/dispatch/api';
import type { dispatchTimeline } from '../../workflows/dispatch/dispatch-timeline';

export type TimelineStatus = 'running' | 'closed' | 'absent';

/**
 * Orchestration-queue activities that reach the dispatch timelines through the Temporal client: a
 * workflow cannot signal-with-start. `client` defaults to the worker's own (payloads encrypted).
 */
export function createDispatchTimelineActivities(client: () => Client = () => Context.current().client) {
  /** Whether each dispatch already has a running (or finished) timeline, one describe() each. */
  async function timelineStatuses({ workflowIds }: { workflowIds: string[] }): Promise<Record<string, TimelineStatus>> {
    const statuses: Record<string, TimelineStatus> = {};
    for (const workflowId of workflowIds) {
      try {
        const { status } = await client().workflow.getHandle(workflowId).describe();
        statuses[workflowId] = status.name === 'RUNNING' ? 'running' : 'closed';
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        statuses[workflowId] = 'absent';
      }
      Context.current().heartbeat(workflowId);
    }
    return statuses;
  }

  return {
    /**
     * Each timeline's status and the fingerprint of the snapshot it last applied (its memo), from one
     * visibility query per 100 dispatches instead of a describe() each. A timeline visibility has not
     * indexed yet reads as absent: the monitor then signal-with-starts it again, which changes nothing.
     */
    async timelineStates({
      workflowIds,
    }: {
      workflowIds: string[];
    }): Promise<Record<string, { status: TimelineStatus; snapshot?: string }>> {
      const states: Record<string, { status: TimelineStatus; snapshot?: string }> = Object.create(null);
      // Only IDs that cannot break out of the query's quotes go into it (vendor data names them).
      const isQuotable = (id: string) => /^[A-Za-z0-9/_.:-]+$/.test(id);
      const quotable = workflowIds.filter(isQuotable);
      for (let i = 0; i < quotable.length; i += 100) {
        const ids = quotable.slice(i, i + 100);
        const query = `WorkflowType = '${DISPATCH_TIMELINE}' AND WorkflowId IN (${ids.map((id) => `'${id}'`).join(', ')})`;
        for await (const run of client().workflow.list({ query })) {
          // A continue-as-new chain lists closed runs beside the running one: the running one wins.
          if (states[run.workflowId]?.status === 'running') continue;
          const snapshot = run.memo?.snapshot;
          states[run.workflowId] = {
            status: run.status.name === 'RUNNING' ? 'running' : 'closed',
            ...(typeof snapshot === 'string' ? { snapshot } : {}),
          };
        }
        Context.current().heartbeat(i);
      }
      const rest = workflowIds.filter((id) => !isQuotable(id));
      const described = rest.length > 0 ? await timelineStatuses({ workflowIds: rest }) : {};
      for (const id of workflowIds) states[id] ??= { status: described[id] ?? 'absent' };
      return states;
    },

    /**
     * A changed dispatch's new snapshot to its running timeline: a plain signal, so a finished timeline is
     * never started again by a change (the change fails, naming why).
     */
    async signalTimeline({ snapshot }: { snapshot: DispatchSnapshot }): Promise<void> {
      const workflowId = dispatchWorkflowId(snapshot.vendor, snapshot.dispatchNumber);
      try {
        await client().workflow.getHandle(workflowId).signal(dispatchUpdated, snapshot);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        throw ApplicationFailure.nonRetryable(`the timeline ${workflowId} is not running`, 'TimelineNotRunning');
      }
    },

    /** Signal-with-start of each dispatch's timeline with its latest snapshot. */
    async deliverSnapshots({
      snapshots,
      ...settings
    }: { snapshots: DispatchSnapshot[] } & Pick<
      DispatchTimelineInput,
      'completeAfterHours' | 'cancelEmail' | 'dryRun'
    >): Promise<number> {
      for (const snapshot of snapshots) {
        await client().workflow.signalWithStart<typeof dispatchTimeline, [DispatchSnapshot]>(DISPATCH_TIMELINE, {
          workflowId: dispatchWorkflowId(snapshot.vendor, snapshot.dispatchNumber),
          taskQueue: ORCHESTRATION_QUEUE,
          args: [{ snapshot, ...settings }],
          signal: dispatchUpdated,
          signalArgs: [snapshot],
          // IDs only: search attributes are not encrypted (no phone, no names).
          typedSearchAttributes: [
            { key: SearchAttr.Vendor, value: snapshot.vendor },
            { key: SearchAttr.DispatchNumber, value: snapshot.dispatchNumber },
            { key: SearchAttr.TicketId, value: snapshot.ticketId },
          ],
          staticSummary: `${snapshot.vendor.toUpperCase()} dispatch ${snapshot.dispatchNumber} for ticket ${snapshot.ticketId}`,
        });
        Context.current().heartbeat(snapshot.dispatchNumber);
      }
      return snapshots.length;
    },
  };
}
export type DispatchTimelineActivities = ReturnType<typeof createDispatchTimelineActivities>;
