import type { TicketTriage } from './triage-ticket';

// Slack refuses messages over 40,000 characters; the summary lines always fit, note texts while room is left.
const SLACK_TEXT_BUDGET = 35_000;

/** Non-production triage: what one page would have written, for a human to read in Slack. */
export function slackSummary(clientId: string, results: TicketTriage[]): string {
  const written = results.filter(
    (r): r is Extract<TicketTriage, { notes: string[] }> => r.outcome === 'first-triage' || r.outcome === 'updated',
  );
  const notes = written.reduce((n, r) => n + r.notes.length, 0);
  const lines = [
    `*Triage (dev mode: no notes written)* — client ${clientId}: ${notes} triage notes would be appended to ${written.length} tickets`,
    ...written.map(
      (r) =>
        `• ticket ${r.ticketId}: ${r.notes.length} note${r.notes.length === 1 ? '' : 's'}, ${r.events} events since ${r.since}${r.outcome === 'first-triage' ? ' (first triage)' : ''}`,
    ),
  ];
  let text = lines.join('\n');
  let shown = 0;
  for (const r of written) {
    for (const note of r.notes) {
      const block = `\n\n_Ticket ${r.ticketId}:_\n\`\`\`${note}\`\`\``;
      if (text.length + block.length > SLACK_TEXT_BUDGET) return `${text}\n\n(${notes - shown} more notes not shown)`;
      text += block;
      shown++;
    }
  }
  return text;
}
