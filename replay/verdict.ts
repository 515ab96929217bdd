import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { LoadedDataConverter } from '@temporalio/common';
import * as proto from '@temporalio/proto';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

type History = proto.temporal.api.history.v1.IHistory;

export type ReplayVerdict =
  | { verdict: 'ok'; workflowId: string; workflowType: string; events: number }
  | {
      verdict: 'nondeterminism';
      workflowId: string;
      workflowType: string;
      mismatch: string;
      /** The history event the code disagreed with, when the server's message lets us find it. */
      event?: { id: number; type: string; name?: string };
      /** Where the workflow code issues the command it issued instead. */
      codeLocations: string[];
    }
  | { verdict: 'error'; workflowId: string; workflowType: string; message: string };

const eventTypeName = (t: unknown) =>
  String(typeof t === 'number' ? proto.temporal.api.enums.v1.EventType[t] : t)
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_m, _u, c: string) => c.toUpperCase());

/** The change ID of a `patched()` marker event (its patch data is JSON: `{"id": ..., "deprecated": ...}`). */
function patchId(event: NonNullable<History['events']>[number]): string | undefined {
  const data = event.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
  if (!data) return undefined;
  try {
    return (JSON.parse(Buffer.from(data).toString('utf8')) as { id?: string }).id;
  } catch {
    return undefined;
  }
}

/** The event a nondeterminism message points at: by event ID when given, else the first scheduled activity of the named type. */
function findEvent(history: History, mismatch: string): { id: number; type: string; name?: string } | undefined {
  const events = history.events ?? [];
  const byId = /(?:event_id|event id|id)[:=]\s*(\d+)/i.exec(mismatch);
  const scheduled = /scheduled event '([^']+)'/.exec(mismatch)?.[1];
  const patch = /patch marker encountered for change ([^,\s]+)/.exec(mismatch)?.[1];
  const event = byId
    ? events.find((e) => Number(e.eventId) === Number(byId[1]))
    : scheduled
      ? events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === scheduled)
      : patch
        ? events.find((e) => patchId(e) === patch)
        : undefined;
  if (!event) return undefined;
  return {
    id: Number(event.eventId),
    type: eventTypeName(event.eventType),
    name: event.activityTaskScheduledEventAttributes?.activityType?.name ?? patchId(event),
  };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Lines of workflow code that issue the command named in the mismatch (`... command 'sendSms'`):
 * in the file defining the workflow if it has any, else in that file's folder, else anywhere.
 */
function locateCommand(mismatch: string, workflowType: string, workflowsDir: string): string[] {
  const command = /command '([^']+)'/.exec(mismatch)?.[1];
  if (!command) return [];
  const call = new RegExp(`\\b${command.replace(/[^A-Za-z0-9_]/g, '')}\\b\\s*(\\(|\\.executeWithOptions)`);
  const linesIn = (files: string[]) =>
    files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (call.test(line) ? [`${relative(process.cwd(), file)}:${i + 1}`] : [])),
    );
  const all = sourceFiles(workflowsDir);
  const defining = all.filter((f) =>
    new RegExp(`function ${workflowType.replace(/[^A-Za-z0-9_]/g, '')}\\b`).test(readFileSync(f, 'utf8')),
  );
  const scopes = [defining, all.filter((f) => defining.some((d) => dirname(d) === dirname(f))), all];
  for (const scope of scopes) {
    const found = linesIn(scope);
    if (found.length > 0) return found;
  }
  return [];
}

/** What a determinism error says, where in the history, and which lines of workflow code issue the command instead. */
export interface Mismatch {
  mismatch: string;
  event?: { id: number; type: string; name?: string };
  codeLocations: string[];
}

export function describeMismatch(
  history: History,
  err: DeterminismViolationError,
  workflowType: string,
  workflowsDir: string,
): Mismatch {
  const mismatch = /Nondeterminism error: ([^"]+)"/.exec(err.message)?.[1] ?? err.message;
  return {
    mismatch,
    event: findEvent(history, mismatch),
    codeLocations: locateCommand(mismatch, workflowType, workflowsDir),
  };
}

/** Replays one history against workflow code and says whether the code still produces it. */
export async function replayVerdict(
  history: History,
  opts: {
    workflowId: string;
    workflowBundle: WorkflowBundleWithSourceMap;
    workflowsDir: string;
    dataConverter?: LoadedDataConverter | object;
  },
): Promise<ReplayVerdict> {
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  const workflowType = started?.workflowType?.name ?? '(unknown)';
  try {
    await Worker.runReplayHistory(
      { workflowBundle: opts.workflowBundle, dataConverter: opts.dataConverter as never },
      history,
      opts.workflowId,
    );
    return { verdict: 'ok', workflowId: opts.workflowId, workflowType, events: history.events?.length ?? 0 };
  } catch (err) {
    if (!(err instanceof DeterminismViolationError)) {
      return {
        verdict: 'error',
        workflowId: opts.workflowId,
        workflowType,
        message: err instanceof Error ? err.message : String(err),
      };
    }
    return {
      verdict: 'nondeterminism',
      workflowId: opts.workflowId,
      workflowType,
      ...describeMismatch(history, err, workflowType, opts.workflowsDir),
    };
  }
}

/** The verdict as ops read it in a terminal. */
export function formatVerdict(v: ReplayVerdict): string {
  switch (v.verdict) {
    case 'ok':
      return `ok: ${v.workflowId} (${v.workflowType}) replays against the current workflow code (${v.events} events).`;
    case 'error':
      return `ERROR: ${v.workflowId} (${v.workflowType}) could not be replayed: ${v.message}`;
    case 'nondeterminism':
      return [
        `NONDETERMINISM: ${v.workflowId} (${v.workflowType}) does not replay against the current workflow code.`,
        `  mismatch: ${v.mismatch}`,
        `  history:  ${v.event ? `event ${v.event.id} ${v.event.type}${v.event.name ? ` ${v.event.name}` : ''}` : '(event not identified)'}`,
        `  code:     ${v.codeLocations.length > 0 ? v.codeLocations.join(', ') : '(command not found in the workflow sources)'}`,
        '  The code now issues a different command here than the run recorded: guard the change with patched(),',
        '  or reset / re-run the workflow (docs/operations/runbooks.md, "Replaying and resetting a failed dispatch").',
      ].join('\n');
  }
}
