import type { Duration } from '@temporalio/common';
import type { AppConfig } from '../config';
import { ORCHESTRATION_QUEUE } from '../domain/task-queues';

/** One periodic monitor: which workflow a Schedule starts, how often, and what ops read about it. */
export interface ScheduleDefinition {
  id: string;
  workflowType: string;
  args: unknown[];
  every: Duration;
  /** How late a missed run may still start (server down, paused): about one interval. */
  catchupWindow: Duration;
  note: string;
  /** staticSummary of each started run, as the Web UI shows it. */
  summary: string;
}

/**
 * The engine's schedules, defined in code and applied idempotently (`npm run schedules:apply`);
 * their arguments come from config, so a re-apply picks up a changed setting (e.g. dry-run).
 */
export function scheduleDefinitions(config: AppConfig): ScheduleDefinition[] {
  const { outage, triage, dispatch, tnba } = config.monitors;
  const hosts = config.vendors.velocloud.hosts;
  return [
    {
      id: 'pool-health', workflowType: 'poolHealthCheck', args: [], every: '5 minutes', catchupWindow: '5 minutes',
      note: 'Pings every vendor worker pool; Outcome=degraded names a queue no worker serves.',
      summary: 'Worker pool health check',
    },
    {
      id: 'outage-monitor', workflowType: 'outageMonitor', every: '3 minutes', catchupWindow: '3 minutes',
      args: [{ hosts, dryRun: outage.dryRun, recheckDelay: outage.recheckDelay, rebootDigi: outage.rebootDigi, enterprisesPerBatch: outage.enterprisesPerBatch }],
      note: `VeloCloud outage monitor${outage.dryRun ? ' (DRY RUN: no tickets are touched)' : ''}: rechecks faulty edges after ${outage.recheckDelay}, opens/unresolves/resolves Bruin outage tickets.`,
      summary: `VeloCloud outage check${outage.dryRun ? ' (dry run)' : ''}`,
    },
    {
      id: 'hawkeye-outage-monitor', workflowType: 'hawkeyeOutageMonitor', every: '3 minutes', catchupWindow: '3 minutes',
      args: [{ dryRun: outage.dryRun, recheckDelay: outage.recheckDelay }],
      note: `Hawkeye outage monitor${outage.dryRun ? ' (DRY RUN: no tickets are touched)' : ''}: rechecks offline probes, opens/unresolves/resolves Bruin outage tickets.`,
      summary: `Hawkeye outage check${outage.dryRun ? ' (dry run)' : ''}`,
    },
    {
      id: 'triage', workflowType: 'triage', every: '10 minutes', catchupWindow: '10 minutes',
      args: [{ clientIds: triage.clientIds, notes: triage.notes, timeZone: triage.timeZone, pageSize: triage.pageSize, pagesPerRun: triage.pagesPerRun, concurrency: triage.concurrency }],
      note: `Appends edge-event triage notes to open VeloCloud outage tickets of ${triage.clientIds === 'all' ? 'every cached client' : `clients ${triage.clientIds.join(', ')}`}` +
        `${triage.notes === 'slack' ? ' (SLACK MODE: no notes are written; Slack gets what would be)' : ''}; pages continue as new.`,
      summary: `Triage of open outage tickets${triage.notes === 'slack' ? ' (Slack only)' : ''}`,
    },
    ...(['lit', 'cts'] as const).map((vendor) => ({
      id: `${vendor}-dispatch-monitor`, workflowType: 'dispatchMonitor', every: '2 minutes', catchupWindow: '2 minutes',
      args: [{ vendor, ctsTimeZone: dispatch.ctsTimeZone, completeAfterHours: dispatch.completeAfterHours, cancelEmail: config.vendors[vendor].cancelEmail }],
      note: `${vendor.toUpperCase()} dispatch monitor: keeps our dispatches, discards invalid ones (reasons in the result), signal-with-starts dispatch/${vendor}/<number> timelines.`,
      summary: `${vendor.toUpperCase()} dispatch monitor`,
    })),
    {
      id: 'tnba-monitor', workflowType: 'tnbaMonitor', every: '30 minutes', catchupWindow: '30 minutes',
      args: [{ clientIds: tnba.clientIds, notes: tnba.notes, dryRun: tnba.dryRun, minNoteAgeMinutes: tnba.minNoteAgeMinutes }],
      note: `Appends T7's next best action (among what Bruin offers) to open tickets${tnba.dryRun ? ' (DRY RUN)' : tnba.notes === 'slack' ? ' (SLACK MODE: no notes are written)' : ''}.`,
      summary: `TNBA monitor${tnba.dryRun ? ' (dry run)' : tnba.notes === 'slack' ? ' (Slack only)' : ''}`,
    },
    {
      id: 'tnba-feedback', workflowType: 'tnbaFeedback', every: '24 hours', catchupWindow: '24 hours',
      args: [{ clientIds: tnba.clientIds, windowHours: 26 }],
      note: 'Sends the task histories of tickets closed in the last 26 h that had a TNBA note to T7 for retraining; each ticket once.',
      summary: 'TNBA feedback to T7',
    },
    {
      id: 'hawkeye-customer-cache', workflowType: 'hawkeyeCustomerCacheRefresh', every: '4 hours', catchupWindow: '4 hours', args: [{}],
      note: 'Crosses Hawkeye probes with Bruin clients; a failed refresh keeps the last good cache.',
      summary: 'Customer cache refresh (Hawkeye × Bruin)',
    },
    {
      id: 'customer-cache', workflowType: 'customerCacheRefresh', every: '4 hours', catchupWindow: '4 hours',
      args: [{ hosts }],
      note: 'Crosses VeloCloud edges with Bruin clients; monitors read the result. A failed refresh keeps the last good cache.',
      summary: 'Customer cache refresh (VeloCloud × Bruin)',
    },
  ];
}

export const scheduleTaskQueue = ORCHESTRATION_QUEUE;
