// Reading histories of any size for the benches, and the largest history per workflow type.
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Events per page: small enough that no page of ordinary events nears gRPC's 4 MB answer limit. */
const PAGE_EVENTS = 200;

/**
 * A whole history, page by page (a single answer of a large one passed gRPC's 4 MB limit at 100,000 edges), with its
 * size as the server stores it (the events' protobuf bytes).
 */
export async function readHistory(
  client: Client,
  workflowId: string,
  runId?: string,
): Promise<{ events: HistoryEvent[]; bytes: number }> {
  const events: HistoryEvent[] = [];
  let bytes = 0;
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService.getWorkflowExecutionHistory({
      namespace: client.options.namespace,
      execution: { workflowId, ...(runId ? { runId } : {}) },
      maximumPageSize: PAGE_EVENTS,
      ...(nextPageToken ? { nextPageToken } : {}),
    });
    const got = page.history?.events ?? [];
    bytes += temporal.api.history.v1.History.encode({ events: got }).finish().length;
    events.push(...got);
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return { events, bytes };
}

export interface LargestHistory {
  type: string;
  executions: number;
  workflowId: string;
  events: number;
  bytes: number;
}

/** For each of `types`, the largest history of its executions by bytes (none listed: 0 executions). */
export async function largestHistories(client: Client, types: readonly string[]): Promise<LargestHistory[]> {
  const largest: LargestHistory[] = [];
  for (const type of types) {
    let top: LargestHistory = { type, executions: 0, workflowId: '', events: 0, bytes: 0 };
    let executions = 0;
    for await (const w of client.workflow.list({ query: `WorkflowType = '${type}'` })) {
      executions++;
      const { events, bytes } = await readHistory(client, w.workflowId, w.runId);
      if (bytes > top.bytes) top = { type, executions, workflowId: w.workflowId, events: events.length, bytes };
    }
    largest.push({ ...top, executions });
  }
  return largest;
}

/** The largest histories as table rows: `type (executions)`, `events / MB` (the 2 MB mark beside it). */
export function largestHistoryRows(largest: readonly LargestHistory[]): Array<[string, string]> {
  return largest.map((l) => [
    `largest ${l.type} history: events / MB (target <= 2 MB)`,
    l.executions === 0
      ? '— (none)'
      : `${l.events} / ${(l.bytes / 1_048_576).toFixed(2)}${l.bytes > 2 * 1_048_576 ? ' OVER' : ''} (of ${l.executions})`,
  ]);
}

/**
 * The workflow tasks a reminder costs, from one timeline's history: those completed before its first timer fired (what
 * an evicted timeline replays when it wakes) and those from the timer firing to the next timer or the end (the
 * reminder's own). Undefined when no timer fired.
 */
export function reminderTasks(events: readonly HistoryEvent[]): { replayed: number; own: number } | undefined {
  const fired = events.findIndex((e) => e.timerFiredEventAttributes);
  if (fired < 0) return undefined;
  const next = events.findIndex((e, i) => i > fired && e.timerStartedEventAttributes);
  const tasks = (from: number, to: number) =>
    events.slice(from, to).filter((e) => e.workflowTaskCompletedEventAttributes).length;
  return { replayed: tasks(0, fired), own: tasks(fired, next < 0 ? events.length : next) };
}
