import {
  bruinTicketUrl,
  edgeMonitorUrl,
  newTroubles,
  troubleNote,
  type TroubledEdge,
  type TroubleFound,
} from '../../domain/service-affecting';
import type { bruin, notifier } from '../activities';

/** What one troubled edge's step is given: the edge and its troubles as scanned, and who gets the email. */
export interface TroublesToTell {
  edge: TroubledEdge;
  scan: { scanMinutes: number; at: string; timeZone: string };
  emailTo: string[];
}

export interface TroublesTold {
  outcome: 'ticket-created' | 'notes-appended' | 'nothing-new';
  ticketId: string;
  noted: Array<Pick<TroubleFound, 'trouble' | 'interface'>>;
}

/**
 * The service-affecting step of one troubled edge: its open VAS ticket found or created (a resolved one
 * reopened), a note per trouble the ticket does not carry yet, then the NOC told by email and Slack. Safe to
 * repeat: noted troubles are read back from the ticket, and the messages are keyed by `runKey` (the deciding
 * run), so an owed repeat writes and sends only what the first try did not. The proxies are the caller's: a
 * scan's (bounded retries) or an owed queue's (waiting the vendor out).
 */
export async function noteTroubles(
  input: TroublesToTell,
  runKey: string,
  vendors: { bruin: typeof bruin; notifier: typeof notifier },
): Promise<TroublesTold> {
  const { edge } = input;
  const brief = (t: TroubleFound) => ({ trouble: t.trouble, interface: t.interface });
  const ticket = await vendors.bruin.createVasTicket({ clientId: edge.clientId, serviceNumber: edge.serialNumber });
  const { ticketId } = ticket;
  if (ticket.outcome === 'resolved-exists')
    await vendors.bruin.unresolveOutageTicket({ ticketId, serviceNumber: edge.serialNumber });
  const notes = ticket.outcome === 'created' ? [] : await vendors.bruin.ticketNotes({ ticketId });
  const fresh = newTroubles(edge.troubles, notes);
  // A repeat (owed) finds the notes its first try wrote (they name the scan's time): still this decision's news.
  const written = new Set(notes.map((n) => n.noteValue));
  const ours = edge.troubles.filter((t) => written.has(troubleNote(edge, t, input.scan)));
  const toTell = edge.troubles.filter((t) => fresh.includes(t) || ours.includes(t));
  if (toTell.length === 0) return { outcome: 'nothing-new', ticketId, noted: [] };

  const notesFor = vendors.bruin.summarized(`Ticket ${ticketId}: service-affecting notes`);
  for (const found of fresh) await notesFor.appendTicketNote({ ticketId, note: troubleNote(edge, found, input.scan) });

  const what = toTell.map((f) => `${f.trouble} on ${f.interface} (${f.measured}; threshold ${f.threshold})`);
  const subject = `Service affecting: ${edge.edgeName} (${edge.serialNumber}), ticket ${ticketId}`;
  const text = [
    `Edge ${edge.edgeName} (serial ${edge.serialNumber}, client ${edge.clientId}) has service-affecting troubles:`,
    ...what.map((w) => `- ${w}`),
    `Ticket: ${bruinTicketUrl(ticketId)}`,
    `VeloCloud: ${edgeMonitorUrl(edge)}`,
  ].join('\n');
  // Keyed by the deciding run: a later cycle with news about the same ticket tells the NOC again.
  const businessId = `${ticketId}/${runKey}`;
  for (const [i, to] of input.emailTo.entries())
    await vendors.notifier.sendEmail({
      step: 'service-affecting',
      businessId: `${businessId}/${i}`,
      to,
      subject,
      text,
    });
  await vendors.notifier.postSlackMessage({
    step: 'service-affecting',
    businessId,
    text: `Service affecting on ${edge.edgeName} (${edge.host}, edge ${edge.edgeId}): ${what.join('; ')}. Ticket ${bruinTicketUrl(ticketId)}`,
  });
  return {
    outcome: ticket.outcome === 'created' ? 'ticket-created' : 'notes-appended',
    ticketId,
    noted: fresh.map(brief),
  };
}
