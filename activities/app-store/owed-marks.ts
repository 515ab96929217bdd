import { Context, log } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { OwedWork } from '../../store/owed-work';

/** A mark cleared because nothing holds its owed work any more. */
export interface ClearedOwedMark {
  subject: string;
  holder: string;
  /** Since when the subject was owed (ISO). */
  since: string;
  /** How the holder ended: its execution status (`TERMINATED`, `CANCELLED`, ...) or `not-found` (deleted). */
  holderStatus: string;
}

export interface OwedMarksCheck {
  /** Marks looked at (the oldest first, at most the check's limit). */
  checked: number;
  cleared: ClearedOwedMark[];
}

/**
 * Orchestration-queue activities that look at the owed marks' holders through the Temporal client (the worker's
 * own by default). A holder clears its mark when it has delivered; one that is terminated (or deleted) never does,
 * and its mark would keep `SideEffectsOwedTooLong` firing for work nobody holds.
 */
export function createOwedMarkActivities(store: OwedWork, client: () => Client = () => Context.current().client) {
  async function holderStatus(holder: string): Promise<string> {
    try {
      return (await client().workflow.getHandle(holder).describe()).status.name;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return 'not-found';
      throw err;
    }
  }

  return {
    /**
     * Clears each mark older than `graceMinutes` whose holder is not running. The grace leaves alone a mark just
     * made for a queue that is about to start (`owe` marks before it starts the queue); a queue that starts after
     * its mark was cleared marks its subject again as its first step.
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
        const status = await holderStatus(holder);
        if (status === 'RUNNING') continue;
        await store.clearOwed(subject, holder);
        const mark = { subject, holder, since: since.toISOString(), holderStatus: status };
        log.warn('owed mark cleared: its holder is not running, so nothing will deliver what it owed', mark);
        cleared.push(mark);
      }
      return { checked: marks.length, cleared };
    },
  };
}
export type OwedMarkActivities = ReturnType<typeof createOwedMarkActivities>;
