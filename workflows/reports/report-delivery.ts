import { workflowInfo } from '@temporalio/workflow';

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
