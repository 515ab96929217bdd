import { continueAsNew, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { chunk, mapBounded } from '../../domain/batches';
import { SearchAttr } from '../../domain/search-attributes';
import { lastTnbaNote } from '../../domain/tnba';
import { appStore, bruin, bruinOptions, t7, t7Options } from '../activities';
import { pageThroughTickets, type PageProgress } from '../ticket-pages';

/** Scope of the app store's record of tickets whose history went to T7. */
export const FEEDBACK_SCOPE = 'tnba-feedback';

export interface TnbaFeedbackInput {
  clientIds: string[] | 'all';
  /** Tickets closed in the last `windowHours` (a daily schedule: 24, with some overlap to spare). */
  windowHours?: number;
  /** An explicit window instead (a backfill: "the tickets closed last week"). */
  window?: { from: string; to: string };
  /** Task histories per T7 request. */
  batchSize?: number;
  pageSize?: number;
  pagesPerRun?: number;
  progress?: PageProgress<FeedbackTotals> & { window: { from: string; to: string } };
}

export interface FeedbackTotals { pages: number; ticketsSeen: number; withTnbaNote: number; alreadySent: number; sent: number; batches: number }
export interface TnbaFeedbackResult extends FeedbackTotals { runs: number; clients: number; window: { from: string; to: string } }

/**
 * TNBA feedback: the tickets closed in the window that had a TNBA note go to T7 with their task
 * histories, in batches, each ticket once across runs (the app store remembers what was sent).
 */
export async function tnbaFeedback(input: TnbaFeedbackInput): Promise<TnbaFeedbackResult> {
  let progress = input.progress;
  if (!progress) {
    const to = Date.now();
    const clientIds = input.clientIds === 'all' ? (await appStore.customerCacheSummary({ source: 'velocloud' }))?.clientIds ?? [] : input.clientIds;
    progress = {
      clientIds, clientIndex: 0, cursor: null, runs: 1, totals: { pages: 0, ticketsSeen: 0, withTnbaNote: 0, alreadySent: 0, sent: 0, batches: 0 },
      window: input.window ?? { from: new Date(to - (input.windowHours ?? 26) * 3_600_000).toISOString(), to: new Date(to).toISOString() },
    };
  }
  const { totals, window } = progress;
  const run = await pageThroughTickets(progress, input.pagesPerRun ?? 4,
    (clientId, cursor) => bruin.closedOutageTicketsPage.executeWithOptions(
      { ...bruinOptions, scheduleToCloseTimeout: '10m', summary: `Tickets of client ${clientId} closed ${window.from} – ${window.to}` },
      [{ clientId, ...window, pageSize: input.pageSize ?? 100, cursor }],
    ),
    async (page) => {
      const tnba = await mapBounded(page.tickets, 8, async (t) => (lastTnbaNote(await bruin.ticketNotes.executeWithOptions(
        { ...bruinOptions, summary: `Ticket ${t.ticketId}: had a TNBA note?` }, [{ ticketId: t.ticketId }])) ? t.ticketId : undefined));
      const withNote = tnba.filter((id): id is string => id !== undefined);
      totals.withTnbaNote += withNote.length;
      const unsent = withNote.length > 0 ? await appStore.unprocessedKeys({ scope: FEEDBACK_SCOPE, keys: withNote }) : [];
      totals.alreadySent += withNote.length - unsent.length;
      for (const batch of chunk(unsent, input.batchSize ?? 20)) {
        const tickets = await mapBounded(batch, 8, async (ticketId) => ({
          ticketId, taskHistory: await bruin.ticketTaskHistory.executeWithOptions({ ...bruinOptions, summary: `Ticket ${ticketId}: task history` }, [{ ticketId }]),
        }));
        await t7.sendFeedback.executeWithOptions({ ...t7Options, summary: `Feedback to T7: ${batch.length} closed tickets` }, [{ tickets }]);
        // Recorded after T7 accepted: a crash in between resends this batch once, never loses it.
        await appStore.markProcessed({ scope: FEEDBACK_SCOPE, keys: batch });
        totals.sent += batch.length;
        totals.batches++;
      }
      setCurrentDetails(`TNBA feedback ${window.from} – ${window.to}: ${totals.ticketsSeen} closed tickets, ${totals.withTnbaNote} with a TNBA note, ${totals.sent} sent to T7, ${totals.alreadySent} sent before`);
    });
  if (run.outcome === 'continue') return continueAsNew<typeof tnbaFeedback>({ ...input, progress: { ...run.progress, window } });
  upsertSearchAttributes([{ key: SearchAttr.Outcome, value: totals.sent > 0 ? 'feedback-sent' : 'nothing-new' }]);
  return { ...totals, runs: run.progress.runs, clients: run.progress.clientIds.length, window };
}
