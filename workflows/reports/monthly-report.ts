import {
  defineSearchAttributeKey,
  SearchAttributeType,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
} from '@temporalio/common';
import { executeChild, setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { previousPeriod } from '../../domain/reports/period';
import { SearchAttr } from '../../domain/search-attributes';
import { reportWorkflowId } from '../../domain/workflow-ids';
import { lastContactReport, type LastContactReportInput } from './last-contact-report';
import { luminBillingReport, type LuminBillingReportInput } from './lumin-billing-report';
import { pinned } from '../versioning';

export type MonthlyReportInput =
  | { report: 'lumin'; input: Omit<LuminBillingReportInput, 'month' | 'force'> }
  | { report: 'last-contact'; input: Omit<LastContactReportInput, 'month' | 'force'> };

export interface MonthlyReportResult {
  period: string;
  workflowId: string;
  /** `started` ran the period's report; `already-reported`: a run of that period had completed (or is running). */
  outcome: 'started' | 'already-reported';
}

/** The time a Schedule meant this run for: a backfilled run's is in the past, unlike its start time. */
const SCHEDULED_AT = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/**
 * What the report schedules start: works out which month is due (the one before the scheduled time,
 * in the report's zone) and runs that period's report as a child named by the period. A period whose
 * report completed already is not run again, so a backfill over months already sent sends nothing
 * for them; a failed one is run again.
 */
export async function monthlyReport({ report, input }: MonthlyReportInput): Promise<MonthlyReportResult> {
  const scheduledAt = workflowInfo().typedSearchAttributes.get(SCHEDULED_AT) ?? workflowInfo().runStartTime;
  const period = previousPeriod(scheduledAt.getTime(), input.timeZone);
  const workflowId = reportWorkflowId(report, period.month);
  upsertSearchAttributes([{ key: SearchAttr.ReportPeriod, value: period.month }]);
  setCurrentDetails(`Reporting ${period.month} as ${workflowId}`);
  const options = {
    workflowId,
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    staticSummary: `${report} report for ${period.month}`,
  };
  try {
    if (report === 'lumin')
      await executeChild(luminBillingReport, { ...options, args: [{ ...input, month: period.month }] });
    else await executeChild(lastContactReport, { ...options, args: [{ ...input, month: period.month }] });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    setCurrentDetails(`${workflowId} completed before (or is running): nothing sent again`);
    upsertSearchAttributes([{ key: SearchAttr.Outcome, value: 'already-reported' }]);
    return { period: period.month, workflowId, outcome: 'already-reported' };
  }
  upsertSearchAttributes([{ key: SearchAttr.Outcome, value: 'reported' }]);
  return { period: period.month, workflowId, outcome: 'started' };
}
// Waits on its report child for as long as the export pages: both stay on the build they started on.
pinned(monthlyReport);
