import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { defineSearchAttributeKey, type LoadedDataConverter } from '@temporalio/common';
import type * as proto from '@temporalio/proto';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { describeMismatch, type Mismatch } from './verdict';

type History = proto.temporal.api.history.v1.IHistory;

/** One run the gate may replay; `pinnedTo` is the build it is pinned to, when it is pinned. */
export interface GateRun {
  workflowId: string;
  runId: string;
  type: string;
  running: boolean;
  pinnedTo?: string;
  history: () => Promise<History>;
}

/** What the gate found for one workflow type. */
export interface GateLine {
  type: string;
  replayed: number;
  running: number;
  closed: number;
  /** Pinned runs on another build: they finish there and never meet this code. */
  staysPinned: Map<string, number>;
  diverged?: { workflowId: string; runId: string } & Mismatch;
  errors: string[];
}

export interface GateCode {
  workflowBundle: WorkflowBundleWithSourceMap;
  workflowsDir: string;
  dataConverter?: LoadedDataConverter | object;
}

/** What replaying one run found: it replays, it diverges (where), or it could not be replayed (why). */
export type RunReplay = { run: GateRun; history?: History } & (
  { outcome: 'replayed' } | { outcome: 'diverged'; mismatch: Mismatch } | { outcome: 'error'; reason: string }
);

/** Replays each run against the code, one verdict per run (a run whose history cannot be read is an error). */
export async function* replayEach(runs: AsyncIterable<GateRun>, code: GateCode): AsyncGenerator<RunReplay> {
  const pending = new Map<string, { run: GateRun; history: History }>();
  const unreadable: RunReplay[] = [];
  async function* histories() {
    for await (const run of runs) {
      try {
        const history = await run.history();
        pending.set(run.runId, { run, history });
        yield { workflowId: run.workflowId, history };
      } catch (err) {
        unreadable.push({ run, outcome: 'error', reason: `could not read its history: ${(err as Error).message}` });
      }
    }
  }
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: code.workflowBundle, dataConverter: code.dataConverter as never },
    histories(),
  )) {
    yield* unreadable.splice(0);
    const entry =
      pending.get(result.runId) ?? [...pending.values()].find((p) => p.run.workflowId === result.workflowId);
    if (!entry) continue;
    pending.delete(entry.run.runId);
    const { run, history } = entry;
    if (!result.error) yield { run, history, outcome: 'replayed' };
    else if (result.error instanceof DeterminismViolationError)
      yield {
        run,
        history,
        outcome: 'diverged',
        mismatch: describeMismatch(history, result.error, run.type, code.workflowsDir),
      };
    else {
      // Core's message carries the whole failure and its stack: the first part says what went wrong.
      const why = /message: \\?"([^"\\]+)/.exec(result.error.message)?.[1] ?? result.error.message.slice(0, 300);
      yield { run, history, outcome: 'error', reason: why };
    }
  }
  yield* unreadable.splice(0);
}

/**
 * Replays each run against this working tree's workflow code, type by type. A run pinned to a build other than
 * `buildId` is counted, not replayed: Worker Versioning keeps it on its own build. Without `buildId` (versioning
 * off) every run is replayed, since every one of them would move to the new code.
 */
export async function gateRuns(runs: AsyncIterable<GateRun>, code: GateCode, buildId?: string): Promise<GateLine[]> {
  const lines = new Map<string, GateLine>();
  const line = (type: string) => {
    let l = lines.get(type);
    if (!l) lines.set(type, (l = { type, replayed: 0, running: 0, closed: 0, staysPinned: new Map(), errors: [] }));
    return l;
  };
  async function* toReplay() {
    for await (const run of runs) {
      const l = line(run.type);
      if (buildId && run.pinnedTo && run.pinnedTo !== buildId)
        l.staysPinned.set(run.pinnedTo, (l.staysPinned.get(run.pinnedTo) ?? 0) + 1);
      else yield run;
    }
  }
  for await (const r of replayEach(toReplay(), code)) {
    const l = line(r.run.type);
    if (r.outcome === 'replayed') {
      l.replayed++;
      if (r.run.running) l.running++;
      else l.closed++;
    } else if (r.outcome === 'diverged')
      l.diverged ??= { workflowId: r.run.workflowId, runId: r.run.runId, ...r.mismatch };
    else l.errors.push(`${r.run.workflowId}: ${r.reason}`);
  }
  return [...lines.values()].sort((a, b) => a.type.localeCompare(b.type));
}

/** A duration like `7d`, `12h` or `30m`, in milliseconds. */
export function parseSince(value: string): number | undefined {
  const m = /^(\d{1,4})([mhd])$/.exec(value);
  if (!m) return undefined;
  return Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
}

export interface ServerSample {
  types: readonly string[];
  sinceMs: number;
  perType: number;
  /** Added to each type's visibility query with AND. */
  query?: string;
}

/** Running and recently closed runs of each type on the server, at most `perType` of each, newest first. */
export async function* serverRuns(client: Client, sample: ServerSample): AsyncGenerator<GateRun> {
  const since = new Date(Date.now() - sample.sinceMs).toISOString();
  for (const type of sample.types) {
    const query =
      `WorkflowType = '${type}' AND (ExecutionStatus = 'Running' OR CloseTime > '${since}')` +
      (sample.query ? ` AND (${sample.query})` : '');
    let taken = 0;
    for await (const info of client.workflow.list({ query })) {
      if (taken++ >= sample.perType) break;
      yield {
        workflowId: info.workflowId,
        runId: info.runId,
        type,
        running: info.status.name === 'RUNNING',
        pinnedTo: pinnedBuild(info),
        history: () => client.workflow.getHandle(info.workflowId, info.runId).fetchHistory(),
      };
    }
  }
}

// The server's own search attributes for Worker Versioning (a listed run carries no versioning info of its own).
const BEHAVIOR = defineSearchAttributeKey('TemporalWorkflowVersioningBehavior', 'KEYWORD');
const VERSION = defineSearchAttributeKey('TemporalWorkerDeploymentVersion', 'KEYWORD');

/** The build a run is pinned to (`deployment:build` in visibility), if it is pinned. */
export function pinnedBuild(info: Pick<WorkflowExecutionInfo, 'typedSearchAttributes'>): string | undefined {
  if (info.typedSearchAttributes.get(BEHAVIOR) !== 'Pinned') return undefined;
  const version = info.typedSearchAttributes.get(VERSION);
  return version?.slice(version.indexOf(':') + 1);
}

/** One line per type, then the verdict; `ok` is false when any type diverged or could not be read. */
export function formatGate(lines: GateLine[]): { text: string; ok: boolean } {
  const width = Math.max(10, ...lines.map((l) => l.type.length));
  const out = lines.map((l) => {
    const head = `  ${l.type.padEnd(width)}  `;
    const stays = [...l.staysPinned].map(([b, n]) => `${n} stay pinned on build ${b}`).join(', ');
    if (l.diverged) {
      const d = l.diverged;
      const event = d.event
        ? `event ${d.event.id} ${d.event.type}${d.event.name ? ` ${d.event.name}` : ''}`
        : 'event ?';
      return (
        `${head}DIVERGED ${d.workflowId} (run ${d.runId}) at ${event}: ${d.mismatch}` +
        (d.codeLocations.length ? `\n  ${' '.repeat(width)}  code: ${d.codeLocations.join(', ')}` : '')
      );
    }
    const counts =
      l.replayed + l.staysPinned.size === 0 && l.errors.length === 0
        ? 'no runs in the window'
        : `replayed ${l.replayed} (${l.running} running, ${l.closed} closed)${stays ? `; ${stays}` : ''}`;
    return `${head}${counts}${l.errors.map((e) => `\n  ${' '.repeat(width)}  ERROR ${e}`).join('')}`;
  });
  const diverged = lines.filter((l) => l.diverged).length;
  const unreadable = lines.filter((l) => l.errors.length > 0).length;
  const ok = diverged === 0 && unreadable === 0;
  out.push(
    ok
      ? 'gate: passed (every sampled run replays against this working tree)'
      : `gate: FAILED (${diverged} type${diverged === 1 ? '' : 's'} diverged, ${unreadable} with runs that could not be replayed)`,
  );
  return { text: out.join('\n'), ok };
}
