import { workflowInfo } from '@temporalio/workflow';
import type { OutageTicketPage } from '../activities/bruin/activities';
import { appStore } from './activities';

/** Where a paged run over clients' tickets stands; carried across continue-as-new. */
export interface PageProgress<T> {
  clientIds: string[];
  clientIndex: number;
  cursor: string | null;
  runs: number;
  totals: T & { pages: number; ticketsSeen: number };
}

/** Where a paged run's first run starts: the clients given, or every client of the VeloCloud customer cache. */
export async function startingProgress<T extends { pages: number; ticketsSeen: number }>(
  clientIds: string[] | 'all',
  totals: T,
): Promise<PageProgress<T>> {
  const ids =
    clientIds === 'all' ? ((await appStore.customerCacheSummary({ source: 'velocloud' }))?.clientIds ?? []) : clientIds;
  return { clientIds: ids, clientIndex: 0, cursor: null, runs: 1, totals };
}

// Past this, a run continues as new before its next page even if its page budget is not spent.
const HISTORY_EVENTS_BUDGET = 8_000;

/**
 * Pages through each client's tickets, `pagesPerRun` pages per workflow run. Returns 'done' when
 * every client is through, or 'continue' with the progress the next run (continue-as-new) starts
 * from, so no run's history grows with the number of tickets.
 */
export async function pageThroughTickets<T>(
  start: PageProgress<T>,
  pagesPerRun: number,
  fetchPage: (clientId: string, cursor: string | null) => Promise<OutageTicketPage>,
  handlePage: (page: OutageTicketPage, clientId: string, progress: PageProgress<T>) => Promise<void>,
): Promise<{ outcome: 'done' | 'continue'; progress: PageProgress<T> }> {
  let progress = start;
  for (let pagesThisRun = 0; progress.clientIndex < progress.clientIds.length; pagesThisRun++) {
    if (
      pagesThisRun >= pagesPerRun ||
      workflowInfo().historyLength > HISTORY_EVENTS_BUDGET ||
      workflowInfo().continueAsNewSuggested
    ) {
      return { outcome: 'continue', progress: { ...progress, runs: progress.runs + 1 } };
    }
    const clientId = progress.clientIds[progress.clientIndex];
    const page = await fetchPage(clientId, progress.cursor);
    progress.totals.pages++;
    progress.totals.ticketsSeen += page.tickets.length + (page.discards?.length ?? 0);
    await handlePage(page, clientId, progress);
    progress = page.nextCursor
      ? { ...progress, cursor: page.nextCursor }
      : { ...progress, clientIndex: progress.clientIndex + 1, cursor: null };
  }
  return { outcome: 'done', progress };
}

/** Tickets Bruin listed malformed on a page, as failed tickets with the reason (counted, named, the rest go on). */
export const malformedTickets = (
  page: OutageTicketPage,
): Array<{ ticketId: string; outcome: 'failed'; reason: string }> =>
  (page.discards ?? []).map((d) => ({
    ticketId: d.ticketId,
    outcome: 'failed',
    reason: `malformed in Bruin's listing: ${d.reason}`,
  }));
