import { continueAsNew, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { chunk, mapBounded } from '../../domain/batches';
import { runOutcome, SearchAttr } from '../../domain/search-attributes';
import { lastTnbaNote, TNBA_TOPICS } from '../../domain/tnba';
import { appStore, bruin, bruinPages, t7 } from '../activities';
import { pageThroughTickets, type PageProgress } from '../ticket-pages';
import { autoUpgrade } from '../versioning';

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
  /** List the tickets whose histories would go to T7; send nothing, record nothing. */
  dryRun?: boolean;
  progress?: PageProgress<FeedbackTotals> & { window: { from: string; to: string } };
}

export interface FeedbackTotals {
  pages: number;
  ticketsSeen: number;
  withTnbaNote: number;
  alreadySent: number;
  sent: number;
  batches: number;
  /** Dry run: tickets that would have been sent (the first 200 are listed in `intended`). */
  wouldSend?: number;
  intended?: string[];
}
export interface TnbaFeedbackResult extends FeedbackTotals {
  runs: number;
  clients: number;
  window: { from: string; to: string };
  dryRun: boolean;
}

const INTENDED_SHOWN = 200;

/**
 * TNBA feedback: the tickets closed in the window that had a TNBA note go to T7 with their task
 * histories, in batches, each ticket once across runs (the app store remembers what was sent).
 */
export async function tnbaFeedback(input: TnbaFeedbackInput): Promise<TnbaFeedbackResult> {
  let progress = input.progress;
  if (!progress) {
    const to = Date.now();
    const clientIds =
      input.clientIds === 'all'
        ? ((await appStore.customerCacheSummary({ source: 'velocloud' }))?.clientIds ?? [])
        : input.clientIds;
    progress = {
      clientIds,
      clientIndex: 0,
      cursor: null,
      runs: 1,
      totals: { pages: 0, ticketsSeen: 0, withTnbaNote: 0, alreadySent: 0, sent: 0, batches: 0 },
      window: input.window ?? {
        from: new Date(to - (input.windowHours ?? 26) * 3_600_000).toISOString(),
        to: new Date(to).toISOString(),
      },
    };
  }
  const { totals, window } = progress;
  const run = await pageThroughTickets(
    progress,
    input.pagesPerRun ?? 4,
    (clientId, cursor) =>
      bruinPages
        .summarized(`Tickets of client ${clientId} closed ${window.from} – ${window.to}`)
        .closedOutageTicketsPage({ clientId, ...window, pageSize: input.pageSize ?? 100, cursor, ...TNBA_TOPICS }),
    async (page) => {
      const tnba = await mapBounded(page.tickets, 8, async (t) =>
        lastTnbaNote(
          await bruin.summarized(`Ticket ${t.ticketId}: had a TNBA note?`).ticketNotes({ ticketId: t.ticketId }),
        )
          ? t.ticketId
          : undefined,
      );
      const withNote = tnba.filter((id): id is string => id !== undefined);
      totals.withTnbaNote += withNote.length;
      const unsent =
        withNote.length > 0 ? await appStore.unprocessedKeys({ scope: FEEDBACK_SCOPE, keys: withNote }) : [];
      totals.alreadySent += withNote.length - unsent.length;
      if (input.dryRun) {
        totals.wouldSend = (totals.wouldSend ?? 0) + unsent.length;
        totals.intended = [...(totals.intended ?? []), ...unsent].slice(0, INTENDED_SHOWN);
        return;
      }
      for (const batch of chunk(unsent, input.batchSize ?? 20)) {
        const tickets = await mapBounded(batch, 8, async (ticketId) => ({
          ticketId,
          taskHistory: await bruin.summarized(`Ticket ${ticketId}: task history`).ticketTaskHistory({ ticketId }),
        }));
        await t7.summarized(`Feedback to T7: ${batch.length} closed tickets`).sendFeedback({ tickets });
        // Recorded after T7 accepted: a crash in between resends this batch once, never loses it.
        await appStore.markProcessed({ scope: FEEDBACK_SCOPE, keys: batch });
        totals.sent += batch.length;
        totals.batches++;
      }
      setCurrentDetails(
        `TNBA feedback ${window.from} – ${window.to}: ${totals.ticketsSeen} closed tickets, ${totals.withTnbaNote} with a TNBA note, ${totals.sent} sent to T7, ${totals.alreadySent} sent before`,
      );
    },
  );
  if (run.outcome === 'continue')
    return continueAsNew<typeof tnbaFeedback>({ ...input, progress: { ...run.progress, window } });
  upsertSearchAttributes([
    {
      key: SearchAttr.Outcome,
      value: runOutcome(input.dryRun, () => (totals.sent > 0 ? 'feedback-sent' : 'nothing-new')),
    },
  ]);
  return {
    ...totals,
    runs: run.progress.runs,
    clients: run.progress.clientIds.length,
    window,
    dryRun: input.dryRun ?? false,
  };
}
autoUpgrade(tnbaFeedback);
