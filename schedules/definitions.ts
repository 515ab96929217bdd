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
  owedMarksCheck,
  poolHealthCheck,
  serviceAffectingMonitor,
  sitesMonitor,
  storeRetention,
  tnbaFeedback,
  tnbaMonitor,
  ticketEscalation,
  triage,
} from '../workflows';
import {
  dispatchMonitorNote,
  doraNote,
  dryRunSuffix,
  hawkeyeOutageNote,
  lastContactReportNote,
  luminReportNote,
  outageNote,
  serviceAffectingNote,
  tnbaFeedbackNote,
  tnbaNote,
  tnbaSummarySuffix,
  triageNote,
  escalationNote,
  intervalText,
} from './notes';
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

/** The TNBA feedback's look-back: a day and two hours, so a run late by a little still sees every closed ticket. */
const TNBA_FEEDBACK_HOURS = 26;

/**
 * The engine's schedules, defined in code and applied idempotently (`npm run schedules:apply`);
 * their arguments come from config, so a re-apply picks up a changed setting (e.g. dry-run).
 */
export function scheduleDefinitions(config: AppConfig): ScheduleDefinition[] {
  const { outage, triage: triageConfig, dispatch, tnba, sites, escalation } = config.monitors;
  const sa = config.serviceAffecting;
  const hosts = config.vendors.velocloud.hosts;
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
          stormMinTickets: outage.stormMinTickets,
          flap: outage.flap,
          uiBaseUrl: `http://localhost:${config.temporal.uiPort}/namespaces/${config.temporal.namespace}`,
        },
      ],
      note: outageNote(outage),
      summary: `VeloCloud outage check${dryRunSuffix(outage.dryRun)}`,
    }),
    schedule({
      id: 'hawkeye-outage-monitor',
      workflow: hawkeyeOutageMonitor,
      every: '3 minutes',
      catchupWindow: '3 minutes',
      args: [{ dryRun: outage.dryRun, recheckDelay: outage.recheckDelay }],
      note: hawkeyeOutageNote(outage),
      summary: `Hawkeye outage check${dryRunSuffix(outage.dryRun)}`,
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
      note: triageNote(triageConfig),
      summary: `Triage of open outage tickets${triageConfig.notes === 'slack' ? ' (Slack only)' : ''}`,
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
        note: dispatchMonitorNote(vendor, dispatch.dryRun),
        summary: `${vendor.toUpperCase()} dispatch monitor${dryRunSuffix(dispatch.dryRun)}`,
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
      note: tnbaNote(tnba),
      summary: `TNBA monitor${tnbaSummarySuffix(tnba)}`,
    }),
    schedule({
      id: 'tnba-feedback',
      workflow: tnbaFeedback,
      every: '24 hours',
      catchupWindow: '24 hours',
      args: [{ clientIds: tnba.clientIds, windowHours: TNBA_FEEDBACK_HOURS, dryRun: tnba.dryRun }],
      note: tnbaFeedbackNote(tnba, TNBA_FEEDBACK_HOURS),
      summary: `TNBA feedback to T7${dryRunSuffix(tnba.dryRun)}`,
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
      args: [
        {
          hosts,
          enterprisesPerBatch: outage.enterprisesPerBatch,
          summaryIntervalSeconds: sites.summaryIntervalSeconds,
        },
      ],
      note: `Sites monitor: every edge and link state counted into the fleet snapshot (the metrics endpoint serves the latest); one Slack summary per ${intervalText(sites.summaryIntervalSeconds)} (SITES_SLACK_INTERVAL), only when some edge was faulty in it.`,
      summary: 'Sites monitor: fleet snapshot',
    }),
    schedule({
      id: 'ticket-escalation',
      workflow: ticketEscalation,
      every: '5 minutes',
      catchupWindow: '5 minutes',
      args: [
        {
          clientIds: escalation.clientIds,
          afterMinutes: escalation.afterMinutes,
          everyMinutes: escalation.everyMinutes,
          slackChannel: escalation.slackChannel,
          emailTo: escalation.emailTo,
          dryRun: escalation.dryRun,
        },
      ],
      note: escalationNote(escalation),
      summary: `Escalation of untouched tickets${dryRunSuffix(escalation.dryRun)}`,
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
      note: serviceAffectingNote(sa),
      summary: `Service-affecting scan${dryRunSuffix(sa.dryRun)}`,
    }),
    schedule({
      id: 'devops-metrics',
      workflow: doraMetrics,
      every: '24 hours',
      catchupWindow: '24 hours',
      args: [{ windowDays: config.devops.windowDays }],
      note: doraNote(config.devops.windowDays),
      summary: `DORA keys over ${config.devops.windowDays} days`,
    }),
    schedule({
      id: 'owed-marks-check',
      workflow: owedMarksCheck,
      every: '10 minutes',
      catchupWindow: '10 minutes',
      args: [{}],
      note: 'Clears owed marks no running workflow holds (its holder terminated while it owed), so SideEffectsOwedTooLong stops firing for them; Outcome=cleared names each in the result.',
      summary: 'Owed marks check',
    }),
    schedule({
      id: 'store-retention',
      workflow: storeRetention,
      every: '24 hours',
      catchupWindow: '24 hours',
      args: [{ retentionDays: config.store.retentionDays }],
      note: `Forgets notification ledger entries and processed keys last written more than ${config.store.retentionDays} days ago (APP_STORE_RETENTION_DAYS), a chunk at a time; Outcome=backlog-left when a run left some for the next.`,
      summary: `App store retention (${config.store.retentionDays} days)`,
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
      note: luminReportNote(config.reports, to),
      summary: 'Monthly Lumin.AI billing report',
    }),
    schedule({
      id: 'last-contact-report',
      workflow: monthlyReport,
      every: firstOfMonth,
      catchupWindow: '3 days',
      args: [{ report: 'last-contact', input: lastContactReportInput(config) }],
      note: lastContactReportNote(config.reports, to),
      summary: 'Monthly last-contact report',
    }),
  ];
}

export const scheduleTaskQueue = ORCHESTRATION_QUEUE;
