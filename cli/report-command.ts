import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import type { AppConfig } from '../config';
import { formatInstant } from '../domain/time';
import { monthBefore, monthAt, parseMonth, reportPeriod } from '../domain/reports/period';
import { ORCHESTRATION_QUEUE } from '../domain/task-queues';
import { REPORTS, reportWorkflowId, type ReportKind } from '../domain/workflow-ids';
import { lastContactReportInput, luminReportInput } from '../schedules/report-inputs';
import type { lastContactReport, LastContactReportResult } from '../workflows/reports/last-contact-report';
import type { luminBillingReport, LuminBillingReportResult } from '../workflows/reports/lumin-billing-report';
import { UsageError } from './usage-error';
import { resultOrWhy } from './workflow-failure';

export const REPORT_USAGE = `usage: npm run report -- <lumin|last-contact> [--month <YYYY-MM>] [--force]
  Sends a monthly report now, as the lumin-billing-report and last-contact-report schedules do on the
  1st. --month: a month that has ended, in REPORT_TIME_ZONE (default: the previous month). A month
  already reported sends nothing; --force sends it again.`;

export interface ReportArgs {
  report: ReportKind;
  month?: string;
  force: boolean;
}

export function parseReportArgs(argv: string[]): ReportArgs {
  const [report, ...rest] = argv;
  if (!report) throw new UsageError('which report? lumin or last-contact');
  if (!Object.hasOwn(REPORTS, report)) throw new UsageError(`unknown report "${report}"; reports: lumin, last-contact`);
  const args: ReportArgs = { report: report as ReportKind, force: false };
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--force') args.force = true;
    else if (rest[i] === '--month') {
      const value = rest[++i];
      if (value === undefined || !parseMonth(value)) throw new UsageError('--month needs a month such as 2026-10');
      args.month = value;
    } else throw new UsageError(`unknown option ${rest[i]}`);
  }
  return args;
}

type Started = WorkflowHandle<typeof luminBillingReport> | WorkflowHandle<typeof lastContactReport>;

/** Runs one period's report and waits for it; a period reported already is named, not sent again. */
export async function runReport(
  client: Client,
  config: AppConfig,
  args: ReportArgs,
  now = Date.now(),
): Promise<string[]> {
  const { timeZone } = config.reports;
  const month = args.month ?? monthBefore(monthAt(now, timeZone));
  const period = reportPeriod(month, timeZone);
  if (Date.parse(period.end) > now)
    throw new UsageError(
      `${month} has not ended yet in ${timeZone} (it ends ${formatInstant(period.end, timeZone)}); report a past month`,
    );
  const workflowId = reportWorkflowId(args.report, month);
  const options = {
    taskQueue: ORCHESTRATION_QUEUE,
    workflowId,
    workflowIdReusePolicy: args.force
      ? WorkflowIdReusePolicy.ALLOW_DUPLICATE
      : WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    staticSummary: `${args.report} report for ${month}${args.force ? ' (forced re-run)' : ''} from npm run report`,
  };
  let handle: Started;
  try {
    handle =
      args.report === 'lumin'
        ? await client.workflow.start('luminBillingReport', {
            ...options,
            args: [{ ...luminReportInput(config), month, force: args.force }],
          })
        : await client.workflow.start('lastContactReport', {
            ...options,
            args: [{ ...lastContactReportInput(config), month, force: args.force }],
          });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const existing = await client.workflow.getHandle(workflowId).describe();
    if (existing.status.name === 'RUNNING')
      return [`${workflowId} is running now (started ${existing.startTime.toISOString()}); nothing started`];
    return [
      `${workflowId} was reported already (completed ${existing.closeTime?.toISOString() ?? '?'}): nothing sent.`,
      `Run again with --force to send it once more.`,
    ];
  }
  const result = await resultOrWhy(handle as WorkflowHandle<typeof luminBillingReport | typeof lastContactReport>);
  return 'customer' in result ? luminLines(workflowId, result) : lastContactLines(workflowId, result);
}

function luminLines(workflowId: string, r: LuminBillingReportResult): string[] {
  return [
    `${workflowId}: ${r.total} API uses of ${r.customer}; email ${r.email}`,
    ...Object.entries(r.byType)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, n]) => `  ${type.padEnd(34)} ${n}`),
    `  CSV ${r.csvBytes} bytes${r.discarded ? `; ${r.discarded} malformed items left out` : ''}`,
  ];
}

const lastContactLines = (workflowId: string, r: LastContactReportResult): string[] => [
  `${workflowId}: ${r.stale} of ${r.edgesChecked} edges silent as of ${r.asOf}; email ${r.email}` +
    (r.discarded ? `; ${r.discarded} edges with unreadable dates left out` : ''),
];
