import { continueAsNew, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { mapBounded } from '../../domain/batches';
import { DEFAULT_TRIAGE_RULES } from '../../domain/triage';
import { SearchAttr } from '../../domain/search-attributes';
import { appStore, bruinBulk, bruinPages, notifier } from '../activities';
import { malformedTickets, pageThroughTickets, type PageProgress } from '../ticket-pages';
import { triageTicket, type TicketTriage, type TriageTicket } from './triage-ticket';
import { slackSummary } from './slack-summary';
import { autoUpgrade } from '../versioning';

export interface TriageInput {
  /** Bruin clients under triage monitoring, or every client of the VeloCloud customer cache. */
  clientIds: string[] | 'all';
  /** append: write triage notes; slack: post what would be written (non-production). */
  notes: 'append' | 'slack';
  timeZone: string;
  pageSize?: number;
  /** Pages per workflow run; then the run continues as new, so no history grows with the fleet. */
  pagesPerRun?: number;
  /** Tickets triaged at once within a page. */
  concurrency?: number;
  /** Set by continue-as-new: where the previous run stopped, and what the chain counted so far. */
  progress?: TriageProgress;
}

export interface TriageTotals {
  pages: number;
  ticketsSeen: number;
  /** Tickets whose service number is not a cached edge of a triage client. */
  discarded: number;
  firstTriage: number;
  updated: number;
  skippedRecent: number;
  noNewEvents: number;
  failed: number;
  notesAppended: number;
  /** Slack mode: notes that would have been written. */
  notesWithheld: number;
  slackSummaries: number;
  /** Up to 20 failed tickets with the reason, for the result in the Web UI. */
  failures: Array<{ ticketId: string; reason: string }>;
}

export type TriageProgress = PageProgress<TriageTotals>;

export interface TriageResult extends TriageTotals {
  runs: number;
  clients: number;
  mode: 'append' | 'slack';
  customerCache: 'ok' | 'missing';
}

const zeroTotals = (): TriageTotals => ({
  pages: 0,
  ticketsSeen: 0,
  discarded: 0,
  firstTriage: 0,
  updated: 0,
  skippedRecent: 0,
  noNewEvents: 0,
  failed: 0,
  notesAppended: 0,
  notesWithheld: 0,
  slackSummaries: 0,
  failures: [],
});

/**
 * The triage process: pages through the open outage tickets of the triage clients and appends
 * triage notes with each edge's recent events (see triageTicket). Long runs continue as new with
 * the cursor and the running totals, so each run's history stays small however many tickets exist.
 */
export async function triage(input: TriageInput): Promise<TriageResult> {
  const pageSize = input.pageSize ?? 100;
  const pagesPerRun = input.pagesPerRun ?? 4;
  const appendNotes = input.notes === 'append';
  let progress = input.progress;
  if (!progress) {
    const cache = await appStore.customerCacheSummary({ source: 'velocloud' });
    if (!cache) {
      setCurrentDetails(
        'No VeloCloud customer cache yet: nothing can be matched to an edge; the next run will try again',
      );
      upsertSearchAttributes([{ key: SearchAttr.Outcome, value: 'no-customer-cache' }]);
      return { ...zeroTotals(), runs: 1, clients: 0, mode: input.notes, customerCache: 'missing' };
    }
    progress = {
      clientIds: input.clientIds === 'all' ? cache.clientIds : input.clientIds,
      clientIndex: 0,
      cursor: null,
      runs: 1,
      totals: zeroTotals(),
    };
  }
  const { totals, clientIds } = progress;

  const run = await pageThroughTickets(
    progress,
    pagesPerRun,
    // A page may wait out Bruin's Retry-After: a longer budget than per-ticket calls.
    (clientId, cursor) =>
      bruinPages
        .summarized(`Open outage tickets of client ${clientId}${cursor ? ` after ticket ${cursor}` : ''}`)
        .openOutageTicketsPage({ clientId, pageSize, cursor }),
    async (page, clientId, current) => {
      const results = await triagePage(page.tickets, input, appendNotes);
      const malformed = malformedTickets(page);
      tally(totals, [...results, ...malformed], page.tickets.length + malformed.length, appendNotes);
      if (!appendNotes && results.some((r) => r.outcome === 'first-triage' || r.outcome === 'updated')) {
        await notifier.postSlackMessage({
          step: 'triage-summary',
          businessId: `page-${totals.pages}`,
          text: slackSummary(clientId, results),
        });
        totals.slackSummaries++;
      }
      setCurrentDetails(describe(current, input.notes));
    },
  );
  if (run.outcome === 'continue') return continueAsNew<typeof triage>({ ...input, progress: run.progress });
  progress = run.progress;

  const result: TriageResult = {
    ...totals,
    runs: progress.runs,
    clients: clientIds.length,
    mode: input.notes,
    customerCache: 'ok',
  };
  setCurrentDetails(describe(progress, input.notes));
  upsertSearchAttributes([
    {
      key: SearchAttr.Outcome,
      value:
        result.failed > 0
          ? 'ticket-failures'
          : !appendNotes
            ? 'slack-summary'
            : result.notesAppended > 0
              ? 'notes-appended'
              : 'nothing-new',
    },
  ]);
  return result;
}
autoUpgrade(triage);

/** Keeps the tickets on cached edges of triage clients, and triages those a few at a time. */
async function triagePage(
  tickets: Array<TriageTicket & { createDate: string }>,
  input: TriageInput,
  appendNotes: boolean,
): Promise<TicketTriage[]> {
  if (tickets.length === 0) return [];
  const edges = await appStore.cachedDevices({
    source: 'velocloud',
    serialNumbers: [...new Set(tickets.map((t) => t.serviceNumber))],
  });
  const onEdges = tickets.flatMap((t) => {
    const e = edges[t.serviceNumber];
    // Only the ticket's own client's edge: a serial reassigned to another client is not ours to triage.
    return e &&
      e.clientId === t.clientId &&
      e.host !== undefined &&
      e.enterpriseId !== undefined &&
      e.edgeId !== undefined
      ? [
          {
            ticket: t,
            edge: { serialNumber: e.serialNumber, host: e.host, enterpriseId: e.enterpriseId, edgeId: e.edgeId },
          },
        ]
      : [];
  });
  const opts = { timeZone: input.timeZone, appendNotes };
  if (onEdges.length === 0) return [];
  // One Bruin read plans the whole page.
  const plans = await bruinBulk
    .summarized(`Read the notes of ${onEdges.length} tickets`)
    .triagePlans({ ticketIds: onEdges.map((t) => t.ticket.ticketId), nowMs: Date.now(), rules: DEFAULT_TRIAGE_RULES });
  return mapBounded(onEdges, input.concurrency ?? 10, ({ ticket, edge }, i) => {
    const planned = plans[i];
    return 'failed' in planned
      ? Promise.resolve<TicketTriage>({ ticketId: ticket.ticketId, outcome: 'failed', reason: planned.failed })
      : triageTicket(ticket, edge, { ...opts, planned: planned.plan });
  });
}

function tally(totals: TriageTotals, results: TicketTriage[], seen: number, appendNotes: boolean): void {
  totals.discarded += seen - results.length;
  for (const r of results) {
    switch (r.outcome) {
      case 'first-triage':
      case 'updated':
        if (r.outcome === 'first-triage') totals.firstTriage++;
        else totals.updated++;
        if (appendNotes) totals.notesAppended += r.notes.length;
        else totals.notesWithheld += r.notes.length;
        break;
      case 'skipped-recent':
        totals.skippedRecent++;
        break;
      case 'no-new-events':
        totals.noNewEvents++;
        break;
      case 'failed':
        totals.failed++;
        if (totals.failures.length < 20) totals.failures.push({ ticketId: r.ticketId, reason: r.reason });
        break;
    }
  }
}

function describe(p: TriageProgress, mode: 'append' | 'slack'): string {
  const t = p.totals;
  const where =
    p.clientIndex < p.clientIds.length
      ? `client ${p.clientIds[p.clientIndex]} (${p.clientIndex + 1} of ${p.clientIds.length})`
      : `all ${p.clientIds.length} clients done`;
  const written =
    mode === 'append'
      ? `${t.notesAppended} notes appended`
      : `${t.notesWithheld} notes posted to Slack instead (${t.slackSummaries} summaries)`;
  return (
    `Triage run ${p.runs}, ${where}: ${t.pages} pages, ${t.ticketsSeen} tickets (${t.discarded} not on triage edges); ` +
    `${t.firstTriage} first triage, ${t.updated} updated, ${t.skippedRecent} recently triaged, ${t.noNewEvents} nothing new, ${t.failed} failed; ${written}`
  );
}
