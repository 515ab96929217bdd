import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { owedByTimeline } from '../domain/dispatch';
import { SearchAttr } from '../domain/search-attributes';
import type { OwedMark, OwedWork } from '../store/owed-work';
import { DISPATCH_TIMELINE, timelineQuery } from '../workflows/dispatch/api';
import { owedStory } from './story-command';

/** Marks listed at most: there are few (only what a vendor has not taken), and the oldest matter most. */
const MARKS_LISTED = 200;

/** One owed mark and what its holder says about it. */
export interface OwedMarkEntry {
  mark: OwedMark;
  /** The holder's latest run; absent when the server has no workflow by that ID. */
  holder?: { type: string; runId: string; status: string; summary?: string; outcome?: string; owes?: string };
}

const age = (ms: number) => {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
};

/**
 * What the owed gauges count, one block per subject, oldest first: since when and by whom it is owed, what the holder
 * still owes, and its Web UI link. A mark no running workflow holds is called out: the owed marks check clears it.
 */
export function formatOwedMarks(entries: OwedMarkEntry[], uiBase: string, now: number): string {
  if (entries.length === 0)
    return 'nothing is owed: no subject waits for a vendor to take a side effect the engine decided on';
  const lines = [`${entries.length} subject(s) owe side effects, oldest first (what the owed gauges count):`];
  for (const { mark, holder } of entries) {
    lines.push('', `${mark.since.toISOString()}  ${mark.subject}  owed ${age(now - mark.since.getTime())}`);
    if (!holder) {
      lines.push(`  held by ${mark.holder}, which the server does not know: the owed marks check clears this mark`);
      continue;
    }
    lines.push(
      `  held by ${holder.type} ${mark.holder}  ${holder.status}${holder.outcome ? `  outcome=${holder.outcome}` : ''}` +
        (holder.summary ? `: ${holder.summary}` : ''),
    );
    if (holder.status !== 'RUNNING')
      lines.push('  nothing running will deliver it (given up when its holder ended): the owed marks check clears it');
    if (holder.owes) lines.push(`  ${holder.owes}`);
    lines.push(`  ${uiBase}/workflows/${encodeURIComponent(mark.holder)}/${holder.runId}`);
  }
  return lines.join('\n');
}

/** The owed entries of a dispatch timeline's log: which SMS and notes it still owes. */
export function timelineOwes(log: Parameters<typeof owedByTimeline>[0]): string {
  const owed = owedByTimeline(log);
  // A timeline reset to before it owed keeps the mark its earlier run set: the owed marks check clears it.
  return owed.length > 0
    ? `owes ${owed.length}: ${owed.join('; ')}`
    : 'owes nothing now: its mark outlived what it owed (the owed marks check clears it)';
}

/** Every owed mark with its holder's state, for `npm run story -- owed`. */
export async function tellOwed(
  client: Client,
  store: Pick<OwedWork, 'owedMarksHeld'>,
  opts: { uiBase: string; now?: number },
): Promise<string> {
  const entries: OwedMarkEntry[] = [];
  for (const mark of await store.owedMarksHeld(MARKS_LISTED)) {
    const handle = client.workflow.getHandle(mark.holder);
    try {
      const d = await handle.describe();
      const status = d.status.name;
      const outcome = d.typedSearchAttributes.get(SearchAttr.Outcome);
      const summary = await d.staticSummary();
      const owes =
        status !== 'RUNNING'
          ? undefined
          : d.type === 'owedWork'
            ? await owedStory(handle, status)
            : d.type === DISPATCH_TIMELINE
              ? timelineOwes((await handle.query(timelineQuery)).log)
              : undefined;
      entries.push({
        mark,
        holder: {
          type: d.type,
          runId: d.runId,
          status,
          ...(summary ? { summary } : {}),
          ...(outcome ? { outcome } : {}),
          ...(owes ? { owes } : {}),
        },
      });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      entries.push({ mark });
    }
  }
  return formatOwedMarks(entries, opts.uiBase, opts.now ?? Date.now());
}
