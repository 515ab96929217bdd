import { Context, log } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { owedByTimeline } from '../../domain/dispatch';
import type { OwedWork } from '../../store/owed-work';
import { DISPATCH_TIMELINE, timelineQuery } from '../../workflows/dispatch/api';

/** A mark cleared because nothing holds its owed work any more. */
export interface ClearedOwedMark {
  subject: string;
  holder: string;
  /** Since when the subject was owed (ISO). */
  since: string;
  /** The holder's execution status (`TERMINATED`, `CANCELLED`, `RUNNING`, ...) or `not-found` (deleted). */
  holderStatus: string;
  /**
   * Why nothing will deliver it: the holder ended, giving up what it owed, or is gone; or it runs but owes nothing (a
   * dispatch timeline reset to before it owed keeps the mark its earlier run made, and no run of it clears that).
   */
  why: 'holder-ended' | 'holder-not-found' | 'holder-owes-nothing';
}

export interface OwedMarksCheck {
  /** Marks looked at (the oldest first, at most the check's limit). */
  checked: number;
  cleared: ClearedOwedMark[];
}

/** How long a running timeline has to answer what it owes; one that does not is left alone (it may owe). */
const OWES_QUERY_MS = 10_000;

const WHAT_HAPPENED: Record<ClearedOwedMark['why'], string> = {
  'holder-ended': 'its holder is not running, so nothing will deliver what it owed',
  'holder-not-found': 'the server does not know its holder, so nothing will deliver what it owed',
  'holder-owes-nothing': 'its holder runs but owes nothing (reset to before it owed), so nothing would clear it',
};

/**
 * Orchestration-queue activities that look at the owed marks' holders through the Temporal client (the worker's
 * own by default). A holder clears its mark when it has delivered; one that is terminated (or deleted) never does,
 * and its mark would keep `SideEffectsOwedTooLong` firing for work nobody holds.
 */
export function createOwedMarkActivities(store: OwedWork, client: () => Client = () => Context.current().client) {
  /** Why a mark's holder will not deliver or clear it, or undefined while it may still do either. */
  async function nobodyDelivers(holder: string): Promise<Pick<ClearedOwedMark, 'holderStatus' | 'why'> | undefined> {
    const handle = client().workflow.getHandle(holder);
    let described;
    try {
      described = await handle.describe();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return { holderStatus: 'not-found', why: 'holder-not-found' };
      throw err;
    }
    const holderStatus = described.status.name;
    if (holderStatus !== 'RUNNING') return { holderStatus, why: 'holder-ended' };
    // A timeline marks and clears itself as its own state comes to owe and stops owing; a reset gives it back an
    // earlier state without undoing the mark, so its state is what says. (An owed queue ends once it owes nothing.)
    if (described.type !== DISPATCH_TIMELINE) return undefined;
    try {
      const state = await client().withDeadline(Date.now() + OWES_QUERY_MS, () => handle.query(timelineQuery));
      return owedByTimeline(state.log).length === 0 ? { holderStatus, why: 'holder-owes-nothing' } : undefined;
    } catch (err) {
      // Its build's workers down, or a workflow task failing: it cannot say, so it may still owe.
      log.info('owed mark kept: its dispatch timeline did not answer what it owes', {
        holder,
        error: (err as Error).message,
      });
      return undefined;
    }
  }

  return {
    /**
     * Clears each mark older than `graceMinutes` that nothing will deliver or clear: its holder is not running, or
     * runs but owes nothing. The grace leaves alone a mark just made for a queue that is about to start (`owe` marks
     * before it starts the queue; a queue that starts after its mark was cleared marks its subject again as its first
     * step), and one a timeline is about to clear as it delivers.
     */
    async clearMarksOfClosedHolders({
      graceMinutes,
      limit,
    }: {
      graceMinutes: number;
      limit: number;
    }): Promise<OwedMarksCheck> {
      const marks = await store.owedMarksHeld(limit);
      const settled = Date.now() - graceMinutes * 60_000;
      const cleared: ClearedOwedMark[] = [];
      for (const { subject, holder, since } of marks) {
        Context.current().heartbeat(subject);
        if (since.getTime() > settled) continue;
        const nobody = await nobodyDelivers(holder);
        if (!nobody) continue;
        await store.clearOwed(subject, holder);
        const mark = { subject, holder, since: since.toISOString(), ...nobody };
        log.warn(`owed mark cleared: ${WHAT_HAPPENED[nobody.why]}`, mark);
        cleared.push(mark);
      }
      return { checked: marks.length, cleared };
    },
  };
}
export type OwedMarkActivities = ReturnType<typeof createOwedMarkActivities>;
