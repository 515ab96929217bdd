import { ActivityFailure, setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { SearchAttr } from '../../domain/search-attributes';
import type { TroubledEdge, TroubleFound } from '../../domain/service-affecting';
import { vasTicketSubject } from '../../domain/workflow-ids';
import { appStore, bruin, notifier } from '../activities';
import { activityFailureReason, isRefusal } from '../activity-failure';
import { owe } from '../owed/owe';
import { noteTroubles } from './note-troubles';
import { autoUpgrade } from '../versioning';

export interface ServiceAffectingEdgeInput {
  edge: TroubledEdge;
  scan: { scanMinutes: number; at: string; timeZone: string };
  /** Who gets the email about new troubles. */
  emailTo: string[];
  dryRun?: boolean;
}

export type ServiceAffectingOutcome =
  | 'ticket-created'
  | 'notes-appended'
  | 'nothing-new'
  | 'dry-run'
  /** Handed to the edge's owed queue (`reason`): delivered when Bruin and the channels answer. */
  | 'owed';

export interface ServiceAffectingEdgeResult {
  outcome: ServiceAffectingOutcome;
  ticketId?: string;
  /** The troubles noted on the ticket by this run (or, in dry-run mode, that would be). */
  noted: Array<Pick<TroubleFound, 'trouble' | 'interface'>>;
  reason?: string;
}

function finish(result: ServiceAffectingEdgeResult): ServiceAffectingEdgeResult {
  upsertSearchAttributes([
    { key: SearchAttr.Outcome, value: result.outcome },
    ...(result.ticketId ? [{ key: SearchAttr.TicketId, value: result.ticketId }] : []),
  ]);
  setCurrentDetails(
    `Outcome: ${result.outcome}${result.ticketId ? `, VAS ticket ${result.ticketId}` : ''}` +
      (result.noted.length ? `; noted: ${result.noted.map((n) => `${n.trouble} on ${n.interface}`).join(', ')}` : ''),
  );
  return result;
}

/**
 * One troubled edge: its open service-affecting (VAS) ticket, found or created (a resolved one is
 * reopened); a note per trouble the ticket does not carry yet; then the NOC is told once, by email and
 * Slack, with the ticket's link. Nothing new on the ticket: nobody is told again. When Bruin or a channel
 * does not answer within the retries, or the edge's earlier steps are still owed, the step goes to the edge's
 * owed queue (`owed/vas-ticket/<serial>`), which repeats it, keyed by this run, until it is done.
 */
export async function serviceAffectingEdge(input: ServiceAffectingEdgeInput): Promise<ServiceAffectingEdgeResult> {
  const { edge } = input;
  const brief = (t: TroubleFound) => ({ trouble: t.trouble, interface: t.interface });
  if (input.dryRun) return finish({ outcome: 'dry-run', noted: edge.troubles.map(brief) });
  const runKey = workflowInfo().runId;
  const told = { edge: input.edge, scan: input.scan, emailTo: input.emailTo };

  const subject = vasTicketSubject(edge.serialNumber);
  const oweIt = async (reason: string) => {
    await owe(
      subject,
      runKey,
      { kind: 'service-affecting', troubles: told, runKey },
      reason,
      `${edge.host}/${edge.edgeId}`,
    );
    return finish({ outcome: 'owed', noted: [], reason });
  };
  if ((await appStore.owedAmong({ subjects: [subject] })).length > 0)
    return oweIt('earlier steps of this edge are still owed');
  try {
    return finish(await noteTroubles(told, runKey, { bruin, notifier }));
  } catch (err) {
    if (!(err instanceof ActivityFailure) || isRefusal(err)) throw err;
    return oweIt(activityFailureReason(err));
  }
}
autoUpgrade(serviceAffectingEdge);
