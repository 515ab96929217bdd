import { Context } from '@temporalio/activity';
import { observeEdge, type FlapEpisode, type FlapPolicy, type FlapVerdict } from '../../domain/flapping';
import type { EdgeFlapStore, StoredFlap } from '../../store/edge-flaps';

/** One edge as a check batch saw it: `scope` is its `host/enterpriseId`. */
export interface EdgeLook {
  scope: string;
  serialNumber: string;
  clientId: string;
  down: boolean;
}

export interface FlappingEdge {
  clientId: string;
  serialNumber: string;
  down: boolean;
  episode: FlapEpisode;
}

export interface SettledEdge {
  serialNumber: string;
  episode: Omit<FlapEpisode, 'noted'>;
}

/** What flap damping makes of a check batch: the flapping edges (tickets held open) and the settled ones. */
export interface Damping {
  flapping: FlappingEdge[];
  settled: SettledEdge[];
}

/**
 * The flapping and settled edges among those a check batch saw, their records read once for the batch's enterprises
 * and the changed ones written back once. A dry run writes nothing. The look is the calling cycle's (its run, at its
 * start): a retried attempt finds its own records and is told the same.
 */
export async function dampFlapping(
  store: EdgeFlapStore,
  looks: readonly EdgeLook[],
  policy: FlapPolicy,
  look: { at: string; dryRun: boolean },
): Promise<Damping> {
  const { at, dryRun } = look;
  // The run, not just the workflow ID: a schedule's runs triggered within one second share their ID. Outside a
  // workflow (a standalone call) each look is its own.
  const run = Context.current().info.workflowExecution;
  const cycle = run ? `${run.workflowId}/${run.runId}` : `look at ${at}`;
  const records = await store.flapRecords([...new Set(looks.map((e) => e.scope))]);
  const changed: StoredFlap[] = [];
  const damping: Damping = { flapping: [], settled: [] };
  for (const look of looks) {
    const prev = records.get(look.serialNumber);
    const { record, verdict } = observeEdge(prev, { down: look.down, at, cycle }, policy);
    if (record !== prev) changed.push({ device: look.serialNumber, scope: look.scope, record });
    add(damping, look, verdict);
  }
  if (!dryRun && changed.length > 0) await store.saveFlapRecords(changed);
  return damping;
}

function add(damping: Damping, look: EdgeLook, verdict: FlapVerdict): void {
  if (verdict.kind === 'flapping') {
    const { kind: _kind, ...episode } = verdict;
    damping.flapping.push({ clientId: look.clientId, serialNumber: look.serialNumber, down: look.down, episode });
  } else if (verdict.kind === 'settled') {
    const { kind: _kind, ...episode } = verdict;
    damping.settled.push({ serialNumber: look.serialNumber, episode });
  }
}
