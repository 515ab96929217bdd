import { continueAsNew, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { mapBounded } from '../../domain/batches';
import { SearchAttr } from '../../domain/search-attributes';
import { TNBA_TOPICS } from '../../domain/tnba';
import { bruinPages, notifier } from '../activities';
import { malformedTickets, pageThroughTickets, startingProgress, type PageProgress } from '../ticket-pages';
import { tnbaTicket, type TicketTnba } from './tnba-ticket';
import { autoUpgrade } from '../versioning';

export interface TnbaMonitorInput {
  /** Bruin clients whose open tickets get TNBA notes, or every client of the VeloCloud customer cache. */
  clientIds: string[] | 'all';
  /** append: write TNBA notes; slack: post what would be written (non-production). */
  notes: 'append' | 'slack';
  /** Compute and return the intended notes; write and post nothing. */
  dryRun?: boolean;
  /** A changed best action is noted only when the last TNBA note is at least this old. */
  minNoteAgeMinutes?: number;
  pageSize?: number;
  pagesPerRun?: number;
  concurrency?: number;
  progress?: PageProgress<TnbaTotals>;
}

export interface TnbaTotals {
  pages: number;
  ticketsSeen: number;
  appended: number;
  wouldAppend: number;
  sameAction: number;
  changedButRecent: number;
  nothingOffered: number;
  failed: number;
  /** Dry run: the notes that would be written (first 50). */
  intended: Array<{ ticketId: string; action: string; probability: number }>;
  failures: Array<{ ticketId: string; reason: string }>;
}
export interface TnbaMonitorResult extends TnbaTotals {
  runs: number;
  clients: number;
  mode: 'append' | 'slack' | 'dry-run';
}

const zero = (): TnbaTotals => ({
  pages: 0,
  ticketsSeen: 0,
  appended: 0,
  wouldAppend: 0,
  sameAction: 0,
  changedButRecent: 0,
  nothingOffered: 0,
  failed: 0,
  intended: [],
  failures: [],
});

/**
 * The TNBA monitor: for the open tickets of the monitored clients, page by page, appends the next
 * best action T7 predicts (among what Bruin offers) when it is new or has changed (tnbaTicket).
 */
export async function tnbaMonitor(input: TnbaMonitorInput): Promise<TnbaMonitorResult> {
  const mode = input.dryRun ? 'dry-run' : input.notes;
  const progress = input.progress ?? (await startingProgress(input.clientIds, zero()));
  const { totals } = progress;
  const run = await pageThroughTickets(
    progress,
    input.pagesPerRun ?? 4,
    (clientId, cursor) =>
      bruinPages
        .summarized(`Open tickets of client ${clientId}${cursor ? ` after ticket ${cursor}` : ''}`)
        .openOutageTicketsPage({ clientId, pageSize: input.pageSize ?? 50, cursor, ...TNBA_TOPICS }),
    async (page, clientId, current) => {
      const results = await mapBounded(page.tickets, input.concurrency ?? 8, (t) =>
        tnbaTicket(t, { write: mode === 'append', minNoteAgeMinutes: input.minNoteAgeMinutes ?? 60 }),
      );
      tally(totals, [...results, ...malformedTickets(page)]);
      const would = results.filter((r): r is Extract<TicketTnba, { action: string }> => r.outcome === 'would-append');
      if (mode === 'slack' && would.length > 0) {
        await notifier.postSlackMessage({
          step: 'tnba-summary',
          businessId: `page-${totals.pages}`,
          text: [
            `*TNBA (dev mode: no notes written)* — client ${clientId}: ${would.length} TNBA notes would be appended`,
            ...would.map((r) => `• ticket ${r.ticketId}: ${r.action} (${Math.round(r.probability * 100)}%)`),
          ].join('\n'),
        });
      }
      setCurrentDetails(describe(current, mode));
    },
  );
  if (run.outcome === 'continue') return continueAsNew<typeof tnbaMonitor>({ ...input, progress: run.progress });
  setCurrentDetails(describe(run.progress, mode));
  upsertSearchAttributes([
    {
      key: SearchAttr.Outcome,
      value:
        totals.failed > 0
          ? 'ticket-failures'
          : mode !== 'append'
            ? mode
            : totals.appended > 0
              ? 'notes-appended'
              : 'nothing-new',
    },
  ]);
  return { ...totals, runs: run.progress.runs, clients: run.progress.clientIds.length, mode };
}
autoUpgrade(tnbaMonitor);

function tally(t: TnbaTotals, results: TicketTnba[]): void {
  for (const r of results) {
    switch (r.outcome) {
      case 'appended':
        t.appended++;
        break;
      case 'would-append':
        t.wouldAppend++;
        if (t.intended.length < 50)
          t.intended.push({ ticketId: r.ticketId, action: r.action, probability: r.probability });
        break;
      case 'same-action':
        t.sameAction++;
        break;
      case 'changed-but-recent':
        t.changedButRecent++;
        break;
      case 'nothing-offered':
        t.nothingOffered++;
        break;
      case 'failed':
        t.failed++;
        if (t.failures.length < 20) t.failures.push({ ticketId: r.ticketId, reason: r.reason });
        break;
    }
  }
}

function describe(p: PageProgress<TnbaTotals>, mode: string): string {
  const t = p.totals;
  return (
    `TNBA (${mode}) run ${p.runs}: ${t.pages} pages, ${t.ticketsSeen} tickets of ${p.clientIds.length} clients; ${t.appended} notes appended, ${t.wouldAppend} would be, ` +
    `${t.sameAction} same action, ${t.changedButRecent} changed but recent, ${t.nothingOffered} nothing offered, ${t.failed} failed`
  );
}
