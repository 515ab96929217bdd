import { setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { SearchAttr } from '../../domain/search-attributes';
import {
  bruinTicketUrl,
  edgeMonitorUrl,
  newTroubles,
  troubleNote,
  type TroubledEdge,
  type TroubleFound,
} from '../../domain/service-affecting';
import { bruin, notifier } from '../activities';

export interface ServiceAffectingEdgeInput {
  edge: TroubledEdge;
  scan: { scanMinutes: number; at: string; timeZone: string };
  /** Who gets the email about new troubles. */
  emailTo: string[];
  dryRun?: boolean;
}

export type ServiceAffectingOutcome = 'ticket-created' | 'notes-appended' | 'nothing-new' | 'dry-run';

export interface ServiceAffectingEdgeResult {
  outcome: ServiceAffectingOutcome;
  ticketId?: string;
  /** The troubles noted on the ticket by this run (or, in dry-run mode, that would be). */
  noted: Array<Pick<TroubleFound, 'trouble' | 'interface'>>;
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
 * Slack, with the ticket's link. Nothing new on the ticket: nobody is told again.
 */
export async function serviceAffectingEdge(input: ServiceAffectingEdgeInput): Promise<ServiceAffectingEdgeResult> {
  const { edge } = input;
  const brief = (t: TroubleFound) => ({ trouble: t.trouble, interface: t.interface });
  if (input.dryRun) return finish({ outcome: 'dry-run', noted: edge.troubles.map(brief) });

  const ticket = await bruin.createVasTicket({ clientId: edge.clientId, serviceNumber: edge.serialNumber });
  const { ticketId } = ticket;
  if (ticket.outcome === 'resolved-exists')
    await bruin.unresolveOutageTicket({ ticketId, serviceNumber: edge.serialNumber });
  const notes = ticket.outcome === 'created' ? [] : await bruin.ticketNotes({ ticketId });
  const fresh = newTroubles(edge.troubles, notes);
  if (fresh.length === 0) return finish({ outcome: 'nothing-new', ticketId, noted: [] });

  const notesFor = bruin.summarized(`Ticket ${ticketId}: service-affecting notes`);
  for (const found of fresh) await notesFor.appendTicketNote({ ticketId, note: troubleNote(edge, found, input.scan) });

  const what = fresh.map((f) => `${f.trouble} on ${f.interface} (${f.measured}; threshold ${f.threshold})`);
  const subject = `Service affecting: ${edge.edgeName} (${edge.serialNumber}), ticket ${ticketId}`;
  const text = [
    `Edge ${edge.edgeName} (serial ${edge.serialNumber}, client ${edge.clientId}) has service-affecting troubles:`,
    ...what.map((w) => `- ${w}`),
    `Ticket: ${bruinTicketUrl(ticketId)}`,
    `VeloCloud: ${edgeMonitorUrl(edge)}`,
  ].join('\n');
  // Keyed by this run: a later cycle with news about the same ticket tells the NOC again.
  const businessId = `${ticketId}/${workflowInfo().runId}`;
  for (const [i, to] of input.emailTo.entries())
    await notifier.sendEmail({ step: 'service-affecting', businessId: `${businessId}/${i}`, to, subject, text });
  await notifier.postSlackMessage({
    step: 'service-affecting',
    businessId,
    text: `Service affecting on ${edge.edgeName} (${edge.host}, edge ${edge.edgeId}): ${what.join('; ')}. Ticket ${bruinTicketUrl(ticketId)}`,
  });
  return finish({
    outcome: ticket.outcome === 'created' ? 'ticket-created' : 'notes-appended',
    ticketId,
    noted: fresh.map(brief),
  });
}
