import { WorkflowFailedError, type Client } from '@temporalio/client';
import { SearchAttr } from '../domain/search-attributes';
import type { CustomerCache } from '../store/customer-cache';
import type { OutageRecheckBatchResult } from '../workflows/outage/outage-recheck-batch';
import { owedQuery, type OwedWorkResult } from '../workflows/owed/api';
import { UsageError } from './usage-error';
import { failureCauses } from './workflow-failure';

export const STORY_USAGE = `usage: npm run story -- edge <serial | host/edgeId>
       npm run story -- ticket <ticketId>
       npm run story -- dispatch <lit|cts> <dispatchNumber>
       npm run story -- owed
  Every workflow that touched it, oldest first: when, type, ID, status, summary, outcome, why it failed
  (decoded), and its Web UI link. The queries it runs are printed too: paste one into the Web UI's
  search to keep it as a saved view. \`owed\`: every subject the owed gauges count, oldest first, with
  the workflow holding it and what that still owes.`;

export type StorySubject =
  | { kind: 'edge'; edge: string }
  | { kind: 'ticket'; ticketId: string }
  | { kind: 'dispatch'; vendor: 'lit' | 'cts'; dispatchNumber: string };

/** What `npm run story` is asked for: one subject's story, or everything owed. */
export type StoryRequest = StorySubject | { kind: 'owed' };

/** IDs go inside a visibility query's quotes: anything that could end them is refused. */
const SAFE = /^[A-Za-z0-9._:/-]+$/;

export function parseStoryArgs(argv: string[]): StoryRequest {
  const [kind, first, second, ...rest] = argv;
  const safe = (what: string, value: string | undefined) => {
    if (!value) throw new UsageError(`give the ${what}`);
    if (!SAFE.test(value)) throw new UsageError(`${what} "${value}" may hold only letters, digits and . _ : / -`);
    return value;
  };
  const none = (extra: Array<string | undefined>) => {
    const left = extra.filter((e) => e !== undefined);
    if (left.length > 0) throw new UsageError(`unexpected ${left.join(' ')}`);
  };
  switch (kind) {
    case 'edge':
      none([second, ...rest]);
      return { kind, edge: safe('edge serial or host/edgeId', first) };
    case 'ticket':
      none([second, ...rest]);
      return { kind, ticketId: safe('ticket ID', first) };
    case 'dispatch':
      if (first !== 'lit' && first !== 'cts') throw new UsageError(`vendor must be lit or cts, got "${first ?? ''}"`);
      none(rest);
      return { kind, vendor: first, dispatchNumber: safe('dispatch number', second) };
    case 'owed':
      none([first, second, ...rest]);
      return { kind };
    default:
      throw new UsageError(`tell the story of an edge, a ticket, a dispatch or what is owed, not "${kind ?? ''}"`);
  }
}

/**
 * The visibility queries for a subject. An edge is named in `EdgeId` as `host/edgeId` (VeloCloud) or
 * by its serial (Hawkeye probes); a VeloCloud serial is first looked up in the customer cache. A batch
 * of outage rechecks lists its edges in `EdgeIds` and its tickets in `TicketIds`.
 */
export async function storyQueries(subject: StorySubject, cache?: CustomerCache): Promise<string[]> {
  switch (subject.kind) {
    case 'ticket':
      return [
        `${SearchAttr.TicketId.name} = '${subject.ticketId}' OR ${SearchAttr.TicketIds.name} = '${subject.ticketId}'`,
      ];
    case 'dispatch':
      return [
        `${SearchAttr.Vendor.name} = '${subject.vendor}' AND ${SearchAttr.DispatchNumber.name} = '${subject.dispatchNumber}'`,
      ];
    case 'edge': {
      const ids = new Set([subject.edge]);
      if (!subject.edge.includes('/') && cache) {
        const entry = (await cache.customerCache('velocloud'))?.entries.find((e) => e.serialNumber === subject.edge);
        if (entry) ids.add(`${entry.host}/${entry.edgeId}`);
      }
      return [...ids].map((id) => `${SearchAttr.EdgeId.name} = '${id}' OR ${SearchAttr.EdgeIds.name} = '${id}'`);
    }
  }
}

export interface StoryEntry {
  startTime: Date;
  type: string;
  workflowId: string;
  runId: string;
  status: string;
  summary?: string;
  outcome?: string;
  failure?: string;
}

/** One block per workflow, oldest first, with the UI link; or a line saying nothing touched it. */
export function formatStory(queries: string[], entries: StoryEntry[], uiBase: string): string {
  const lines = [`query: ${queries.join('  |  ')}`];
  if (entries.length === 0) return [...lines, 'no workflow touched it (or the server kept none that old)'].join('\n');
  for (const e of [...entries].sort((a, b) => a.startTime.getTime() - b.startTime.getTime())) {
    lines.push(
      '',
      `${e.startTime.toISOString()}  ${e.type}  ${e.status}${e.outcome ? `  outcome=${e.outcome}` : ''}`,
      `  ${e.workflowId}${e.summary ? `: ${e.summary}` : ''}`,
      ...(e.failure ? e.failure.split('\n').map((l) => `  ${l}`) : []),
      `  ${uiBase}/workflows/${encodeURIComponent(e.workflowId)}/${e.runId}`,
    );
  }
  return lines.join('\n');
}

/** Runs the queries and gathers, per workflow run, what ops need to see. */
export async function tellStory(
  client: Client,
  subject: StorySubject,
  opts: { cache?: CustomerCache; uiBase: string },
): Promise<string> {
  const queries = await storyQueries(subject, opts.cache);
  const entries: StoryEntry[] = [];
  const seen = new Set<string>();
  for (const query of queries) {
    for await (const run of client.workflow.list({ query })) {
      if (seen.has(run.runId)) continue;
      seen.add(run.runId);
      const handle = client.workflow.getHandle(run.workflowId, run.runId);
      const described = await handle.describe();
      const batch =
        run.type === 'outageRecheckBatch' && run.status.name === 'COMPLETED'
          ? batchStory((await handle.result()) as OutageRecheckBatchResult, subject, queries)
          : undefined;
      const owed = run.type === 'owedWork' ? await owedStory(handle, run.status.name) : undefined;
      const outcome = batch ? batch.outcome : (owed ?? run.typedSearchAttributes.get(SearchAttr.Outcome));
      let failure = batch?.failure;
      if (run.status.name === 'FAILED') {
        failure = await handle.result().then(
          () => undefined,
          async (err: unknown) =>
            err instanceof WorkflowFailedError
              ? failureCauses(err, (await handle.fetchHistory()).events ?? []).join('\n')
              : String(err),
        );
      }
      entries.push({
        startTime: run.startTime,
        type: run.type,
        workflowId: run.workflowId,
        runId: run.runId,
        status: run.status.name,
        summary: await described.staticSummary(),
        ...(outcome ? { outcome } : {}),
        ...(failure ? { failure } : {}),
      });
    }
  }
  return formatStory(queries, entries, opts.uiBase);
}

/**
 * What an owed queue holds (still owed, oldest first, with why) or delivered: the side effects a vendor did not
 * take in time, which the engine delivers when it answers.
 */
export async function owedStory(
  handle: Pick<ReturnType<Client['workflow']['getHandle']>, 'query' | 'result'>,
  status: string,
): Promise<string | undefined> {
  const line = (kind: string, rest: string) => `${kind} ${rest}`;
  if (status === 'RUNNING') {
    const { owed, delivered } = await handle.query(owedQuery);
    return [
      `owes ${owed.length}: ` +
        owed.map((i) => line(i.step.kind, `(since ${i.owedSince}, decided by ${i.decidedBy}: ${i.reason})`)).join('; '),
      ...(delivered.length ? [`delivered ${delivered.length}`] : []),
    ].join(', ');
  }
  if (status !== 'COMPLETED') return undefined;
  const { delivered } = (await handle.result()) as OwedWorkResult;
  return (
    'owed, then ' +
    delivered
      .map((d) => line(d.kind, `${d.result}${d.outcome ? ` (${d.outcome})` : ''} at ${d.deliveredAt}`))
      .join('; ')
  );
}

/**
 * What a recheck batch did for the subject (it may hold 50 edges): the edge's own outcome and ticket, found by
 * the edge's `host/edgeId` (named in the queries) or by the ticket, and why it failed if it did.
 */
function batchStory(
  result: OutageRecheckBatchResult,
  subject: StorySubject,
  queries: string[],
): { outcome?: string; failure?: string } {
  const mine = result.edges.filter((e) =>
    subject.kind === 'ticket' ? e.ticketId === subject.ticketId : queries.some((q) => q.includes(`'${e.edge}'`)),
  );
  const outcome = mine
    .map((e) => `${e.outcome} (edge ${e.edge}${e.ticketId ? `, ticket ${e.ticketId}` : ''})`)
    .join(', ');
  const failure = mine.flatMap((e) => (e.reason ? [`${e.edge}: ${e.reason}`] : [])).join('\n');
  return { ...(outcome ? { outcome } : {}), ...(failure ? { failure } : {}) };
}
