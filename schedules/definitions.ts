import type { Duration, Workflow } from '@temporalio/common';
import type { AppConfig } from '../config';
import { ORCHESTRATION_QUEUE } from '../domain/task-queues';
import {
  customerCacheRefresh,
  dispatchMonitor,
  doraMetrics,
  hawkeyeCustomerCacheRefresh,
  hawkeyeOutageMonitor,
  monthlyReport,
  outageMonitor,
  poolHealthCheck,
  serviceAffectingMonitor,
  sitesMonitor,
  tnbaFeedback,
  tnbaMonitor,
  triage,
} from '../workflows';
import { lastContactReportInput, luminReportInput } from './report-inputs';

/** One periodic monitor: which workflow a Schedule starts, with which arguments, how often, and what ops read about it. */
export interface ScheduleDefinition<W extends Workflow = Workflow> {
  id: string;
  /** The workflow function itself: its name is the workflow type, its parameters type the arguments. */
  workflow: W;
  args: Parameters<W>;
  /** How often it fires, or when in the calendar (in a time zone; DST is the zone's business, not ours). */
  every: Duration | { dayOfMonth: number; hour: number; minute: number; timeZone: string };
  /** How late a missed run may still start (server down, paused): about one interval. */
  catchupWindow: Duration;
  note: string;
  /** staticSummary of each started run, as the Web UI shows it. */
  summary: string;
}

/** A definition whose arguments the compiler checks against its workflow's parameters. */
const schedule = <W extends Workflow>(def: ScheduleDefinition<W>): ScheduleDefinition =>
  def as unknown as ScheduleDefinition;

/**
 * The engine's schedules, defined in code and applied idempotently (`npm run schedules:apply`);
 * their arguments come from config, so a re-apply picks up a changed setting (e.g. dry-run).
 */
export function scheduleDefinitions(config: AppConfig): ScheduleDefinition[] {
  const { outage, triage: triageConfig, dispatch, tnba } = config.monitors;
  const sa = config.serviceAffecting;
  const hosts = config.vendors.velocloud.hosts;
  const triageSlack = triageConfig.notes === 'slack';
  return [
    schedule({
      id: 'pool-health',
      workflow: poolHealthCheck,
      args: [],
      every: '5 minutes',
      catchupWindow: '5 minutes',
      note: 'Pings every vendor worker pool; Outcome=degraded names a queue no worker serves.',
      summary: 'Worker pool health check',
    }),
    schedule({
      id: 'outage-monitor',
      workflow: outageMonitor,
      every: '3 minutes',
      catchupWindow: '3 minutes',
      args: [
        {
          hosts,
          dryRun: outage.dryRun,
          recheckDelay: outage.recheckDelay,
          rebootDigi: outage.rebootDigi,
          enterprisesPerBatch: outage.enterprisesPerBatch,
        },
      ],
      note: `VeloCloud outage monitor${outage.dryRun ? ' (DRY RUN: no tickets are touched)' : ''}: rechecks faulty edges after ${outage.recheckDelay}, opens/unresolves/resolves Bruin outage tickets.`,
      summary: `VeloCloud outage check${outage.dryRun ? ' (dry run)' : ''}`,
    }),
    schedule({
      id: 'hawkeye-outage-monitor',
      workflow: hawkeyeOutageMonitor,
      every: '3 minutes',
      catchupWindow: '3 minutes',
      args: [{ dryRun: outage.dryRun, recheckDelay: outage.recheckDelay }],
      note: `Hawkeye outage monitor${outage.dryRun ? ' (DRY RUN: no tickets are touched)' : ''}: rechecks offline probes, opens/unresolves/resolves Bruin outage tickets.`,
      summary: `Hawkeye outage check${outage.dryRun ? ' (dry run)' : ''}`,
    }),
    schedule({
      id: 'triage',
      workflow: triage,
      every: '10 minutes',
      catchupWindow: '10 minutes',
      args: [
        {
          clientIds: triageConfig.clientIds,
          notes: triageConfig.notes,
          timeZone: triageConfig.timeZone,
          pageSize: triageConfig.pageSize,
          pagesPerRun: triageConfig.pagesPerRun,
          concurrency: triageConfig.concurrency,
        },
      ],
      note:
        `Appends edge-event triage notes to open VeloCloud outage tickets of ${triageConfig.clientIds === 'all' ? 'every cached client' : `clients ${triageConfig.clientIds.join(', ')}`}` +
        `${triageSlack ? ' (SLACK MODE: no notes are written; Slack gets what would be)' : ''}; pages continue as new.`,
      summary: `Triage of open outage tickets${triageSlack ? ' (Slack only)' : ''}`,
    }),
    ...(['lit', 'cts'] as const).map((vendor) =>
      schedule({
        id: `${vendor}-dispatch-monitor`,
        workflow: dispatchMonitor,
        every: '2 minutes',
        catchupWindow: '2 minutes',
        args: [
          {
            vendor,
            ctsTimeZone: dispatch.ctsTimeZone,
            completeAfterHours: dispatch.completeAfterHours,
            cancelEmail: config.vendors[vendor].cancelEmail,
            dryRun: dispatch.dryRun,
            pageSize: dispatch.pageSize,
          },
        ],
        note: `${vendor.toUpperCase()} dispatch monitor${dispatch.dryRun ? ' (DRY RUN: no timeline is started or updated, nobody is texted)' : ''}: keeps our dispatches, discards invalid ones (reasons in the result), signal-with-starts dispatch/${vendor}/<number> timelines.`,
        summary: `${vendor.toUpperCase()} dispatch monitor${dispatch.dryRun ? ' (dry run)' : ''}`,
      }),
    ),
    schedule({
      id: 'tnba-monitor',
      workflow: tnbaMonitor,
      every: '30 minutes',
      catchupWindow: '30 minutes',
      args: [
        {
          clientIds: tnba.clientIds,
          notes: tnba.notes,
          dryRun: tnba.dryRun,
          minNoteAgeMinutes: tnba.minNoteAgeMinutes,
        },
      ],
      note: `Appends T7's next best action (among what Bruin offers) to open tickets${tnba.dryRun ? ' (DRY RUN)' : tnba.notes === 'slack' ? ' (SLACK MODE: no notes are written)' : ''}.`,
      summary: `TNBA monitor${tnba.dryRun ? ' (dry run)' : tnba.notes === 'slack' ? ' (Slack only)' : ''}`,
    }),
    schedule({
      id: 'tnba-feedback',
      workflow: tnbaFeedback,
      every: '24 hours',
      catchupWindow: '24 hours',
      args: [{ clientIds: tnba.clientIds, windowHours: 26, dryRun: tnba.dryRun }],
      note: `Sends the task histories of tickets closed in the last 26 h that had a TNBA note to T7 for retraining; each ticket once${tnba.dryRun ? ' (DRY RUN: nothing is sent)' : ''}.`,
      summary: `TNBA feedback to T7${tnba.dryRun ? ' (dry run)' : ''}`,
    }),
    schedule({
      id: 'hawkeye-customer-cache',
      workflow: hawkeyeCustomerCacheRefresh,
      every: '4 hours',
      catchupWindow: '4 hours',
      args: [{}],
      note: 'Crosses Hawkeye probes with Bruin clients; a failed refresh keeps the last good cache.',
      summary: 'Customer cache refresh (Hawkeye × Bruin)',
    }),
    schedule({
      id: 'customer-cache',
      workflow: customerCacheRefresh,
      every: '4 hours',
      catchupWindow: '4 hours',
      args: [{ hosts }],
      note: 'Crosses VeloCloud edges with Bruin clients; monitors read the result. A failed refresh keeps the last good cache.',
      summary: 'Customer cache refresh (VeloCloud × Bruin)',
    }),
    schedule({
      id: 'sites-monitor',
      workflow: sitesMonitor,
      every: '2 minutes',
      catchupWindow: '2 minutes',
      args: [{ hosts, enterprisesPerBatch: outage.enterprisesPerBatch }],
      note: 'Sites monitor: every edge and link state counted into the fleet snapshot (the metrics endpoint serves the latest), and one Slack summary of the faulty edges.',
      summary: 'Sites monitor: fleet snapshot',
    }),
    schedule({
      id: 'service-affecting-monitor',
      workflow: serviceAffectingMonitor,
      every: '10 minutes',
      catchupWindow: '10 minutes',
      args: [
        {
          hosts,
          thresholds: sa.thresholds,
          autoResolve: sa.autoResolve,
          emailTo: sa.emailTo,
          dryRun: sa.dryRun,
          enterprisesPerBatch: outage.enterprisesPerBatch,
        },
      ],
      note: `Service-affecting monitor${sa.dryRun ? ' (DRY RUN: no tickets are touched, nobody is told)' : ''}: latency > ${sa.thresholds.latencyMs} ms (wireless ${sa.thresholds.wirelessLatencyMs}), loss > ${sa.thresholds.packetLossPct}%, jitter > ${sa.thresholds.jitterMs} ms, bandwidth > ${sa.thresholds.bandwidthPct}%, ${sa.thresholds.instabilityEvents}+ LINK_DEAD/EDGE_DOWN in ${sa.thresholds.instabilityScanMinutes} min; VAS tickets, notes, email and Slack; auto-resolve after ${sa.autoResolve.dayMinutes} min (night ${sa.autoResolve.nightMinutes}).`,
      summary: `Service-affecting scan${sa.dryRun ? ' (dry run)' : ''}`,
    }),
    schedule({
      id: 'devops-metrics',
      workflow: doraMetrics,
      every: '24 hours',
      catchupWindow: '24 hours',
      args: [{ windowDays: config.devops.windowDays }],
      note: `DevOps metrics: per repo, deployment frequency (calc_deployment_freq), lead time, change failure rate and time to restore over ${config.devops.windowDays} days, stored for GET /dora/<repo> and the gauges.`,
      summary: `DORA keys over ${config.devops.windowDays} days`,
    }),
    ...monthlyReports(config),
  ];
}

/** The monthly reports fire at 08:00 on the 1st in REPORT_TIME_ZONE and report the month before. */
function monthlyReports(config: AppConfig): ScheduleDefinition[] {
  const { timeZone, recipients } = config.reports;
  const firstOfMonth = { dayOfMonth: 1, hour: 8, minute: 0, timeZone };
  const to = `${recipients.to.length + recipients.cc.length} recipient(s)`;
  return [
    schedule({
      id: 'lumin-billing-report',
      workflow: monthlyReport,
      every: firstOfMonth,
      // A server down on the 1st still sends the month's report when it is back within three days.
      catchupWindow: '3 days',
      args: [{ report: 'lumin', input: luminReportInput(config) }],
      note: `Lumin.AI billing report of ${config.reports.lumin.customer} for the previous month (${timeZone}) to ${to}: summary + CSV of every item; one per period (lumin-billing-report/<YYYY-MM>).`,
      summary: 'Monthly Lumin.AI billing report',
    }),
    schedule({
      id: 'last-contact-report',
      workflow: monthlyReport,
      every: firstOfMonth,
      catchupWindow: '3 days',
      args: [{ report: 'last-contact', input: lastContactReportInput(config) }],
      note: `Edges VeloCloud last heard from more than ${config.reports.lastContact.days} days before the month's end, with months in service and the balance of the ${config.reports.lastContact.termMonths}-month term, to ${to}; one per period (last-contact-report/<YYYY-MM>).`,
      summary: 'Monthly last-contact report',
    }),
  ];
}

export const scheduleTaskQueue = ORCHESTRATION_QUEUE;
