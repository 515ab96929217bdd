import { workflowInfo } from '@temporalio/workflow';
import { flappingNote, settledNote, type FlapPolicy } from '../../domain/flapping';
import { mapBounded } from '../../domain/batches';
import { outageTicketSubject } from '../../domain/workflow-ids';
import type { FlappingEdge, SettledEdge } from '../../activities/processes/edge-flaps';
import type { OutageCycleResult } from './cycle';
import { appStore, bruin, flapRecords } from '../activities';
import { gaveUp, orGaveUp } from '../activity-failure';
import { owe } from '../owed/owe';

/** What the cycle did about its flapping edges. */
export interface FlappingTally {
  /** Edges flapping this cycle (their tickets held open). */
  flapping: number;
  /** Flapping notes written this cycle, or handed to the device's owed queue (one per episode). */
  noted: number;
  /** Flapping edges whose note is still to write (no ticket open: a person resolved it); a later cycle tries. */
  notePending: number;
}

/**
 * Each flapping edge's ticket gets its episode's note once: written on the edge's open ticket (the activity finds it,
 * and skips a note already there), then marked in the store so later cycles do not look again. A device with side
 * effects still owed (its reopen, say) gets the note queued behind them, and so does one Bruin did not answer for; an
 * edge with no ticket open is tried by the next cycle.
 */
export async function noteFlappingEdges(
  flapping: readonly FlappingEdge[],
  policy: FlapPolicy,
  concurrency: number,
): Promise<FlappingTally> {
  const toNote = flapping.filter((f) => !f.episode.noted);
  if (toNote.length === 0) return { flapping: flapping.length, noted: 0, notePending: 0 };
  const owing = new Set(await appStore.owedAmong({ subjects: toNote.map((f) => outageTicketSubject(f.serialNumber)) }));
  const written = (
    await mapBounded(toNote, concurrency, async (f) => {
      const subject = outageTicketSubject(f.serialNumber);
      const note = flappingNote(f.serialNumber, f.episode, policy);
      const oweIt = async (reason: string) => {
        await owe(
          subject,
          `${f.serialNumber}/flapping-note`,
          { kind: 'flapping-note', serviceNumber: f.serialNumber, note },
          reason,
        );
        return [{ device: f.serialNumber, since: f.episode.since }];
      };
      if (owing.has(subject)) return oweIt('earlier side effects of this device are still owed');
      const done = await orGaveUp(() =>
        bruin
          .summarized(`Flapping note for edge ${f.serialNumber}`)
          .noteFlappingEdge({ serviceNumber: f.serialNumber, note }),
      );
      if (gaveUp(done)) return done.permanent ? [] : oweIt(`Bruin: ${done.gaveUp}`);
      return done.ticketId ? [{ device: f.serialNumber, since: f.episode.since }] : [];
    })
  ).flat();
  if (written.length > 0) await flapRecords.markFlapNoted({ devices: written });
  return { flapping: flapping.length, noted: written.length, notePending: toNote.length - written.length };
}

/** The resolve note of each settled edge (stable again after flapping), by serial: its ticket is resolved with it. */
export function resolveNotesFor(
  settled: readonly SettledEdge[],
  policy: FlapPolicy,
): { resolveNotes?: Record<string, string> } {
  if (settled.length === 0) return {};
  const cycle = workflowInfo().workflowId;
  return {
    resolveNotes: Object.fromEntries(
      settled.map((s) => [s.serialNumber, settledNote(s.serialNumber, s.episode, policy, cycle)]),
    ),
  };
}

/**
 * The cycle's damping, counted: the settled edges, and the flapping ones with their notes written (a dry run only
 * counts the notes it would write).
 */
export async function tallyDamping(
  flapping: readonly FlappingEdge[],
  settled: readonly SettledEdge[],
  policy: FlapPolicy | undefined,
  { dryRun, concurrency }: { dryRun: boolean; concurrency: number },
): Promise<{ flapping?: FlappingTally; settled?: number }> {
  const tally: { flapping?: FlappingTally; settled?: number } = settled.length ? { settled: settled.length } : {};
  if (policy && flapping.length)
    tally.flapping = dryRun
      ? { flapping: flapping.length, noted: 0, notePending: flapping.filter((f) => !f.episode.noted).length }
      : await noteFlappingEdges(flapping, policy, concurrency);
  return tally;
}

/** A dry run's flapping notes: one `flapping-note` per flapping edge whose ticket lacks its episode's note. */
export function withIntendedFlapNotes<R extends Pick<OutageCycleResult, 'intendedActions'>>(
  result: R,
  flapping: readonly FlappingEdge[],
): R {
  const notes = flapping.filter((f) => !f.episode.noted);
  if (notes.length === 0) return result;
  return {
    ...result,
    intendedActions: [
      ...result.intendedActions,
      ...notes.map((f) => ({ action: 'flapping-note' as const, serviceNumber: f.serialNumber })),
    ],
  };
}
