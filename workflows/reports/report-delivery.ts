import { ActivityFailure, setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { SendEmailInput } from '../../activities/notifier/activities';
import { SearchAttr } from '../../domain/search-attributes';
import type { OwedReportSubject } from '../../domain/workflow-ids';
import { owedMarks, owedReportNotifier, reportNotifier } from '../activities';
import { activityFailureReason, isRefusal } from '../activity-failure';

/** Who gets a monthly report, in which zone its month is read, and whether a sent period goes again. */
export interface ReportDelivery {
  timeZone: string;
  to: string[];
  cc: string[];
  /** Send even though this period's report went out already (a forced re-run). */
  force?: boolean;
}

/**
 * The email's step in its idempotency key (workflow ID + step + period): the same for every run of
 * a period, so a re-run sends nothing; a forced run's own, so it sends once more.
 */
export const reportStep = ({ force }: Pick<ReportDelivery, 'force'>): string =>
  force ? `report:forced:${workflowInfo().runId}` : 'report';

/**
 * Sends a report's email; when the mail server does not take it within the retries (about 17 minutes), the
 * report owes it: it is marked owed in the app store (the owed gauges and alert see it), `Outcome=owed` shows in
 * the Web UI, and the same email (same idempotency key) is tried every 2 minutes at most until it goes. Only a
 * refusal (a bad address) fails the report. The report workflow is the owner: it ends when the email is sent.
 */
export async function sendReportEmail(summary: string, email: SendEmailInput) {
  try {
    return await reportNotifier.summarized(summary).sendEmail(email);
  } catch (err) {
    if (!(err instanceof ActivityFailure) || isRefusal(err)) throw err;
    const subject: OwedReportSubject = `report/${workflowInfo().workflowId}`;
    const holder = workflowInfo().workflowId;
    await owedMarks.markOwed({ subject, holder, since: new Date(Date.now()).toISOString() });
    upsertSearchAttributes([{ key: SearchAttr.Outcome, value: 'owed' }]);
    setCurrentDetails(`The report's email is owed (${activityFailureReason(err)}): sent when the mail server answers`);
    const sent = await owedReportNotifier.summarized(`${summary} (owed)`).sendEmail(email);
    await owedMarks.clearOwed({ subject, holder });
    return sent;
  }
}
