/**
 * Which subjects (an outage ticket's service number, a ticket, a report's email) owe side effects the engine
 * decided on but a vendor did not take within its retries. The owed work itself (what to write, in order) lives
 * in the subject's `owedWork` workflow, `holder`; this mark is what a monitor cycle reads, once per batch, to
 * hand its own decision for that subject to the same queue instead of acting out of order.
 */
export interface OwedWork {
  /** Marks `subject` as owing work to `holder`; an existing mark keeps its earlier `since`. */
  markOwed(subject: string, holder: string, since: Date): Promise<void>;
  /** Clears the mark when `holder` holds it (its queue is empty). */
  clearOwed(subject: string, holder: string): Promise<void>;
  /** Of these subjects, the ones that owe work. */
  owedAmong(subjects: string[]): Promise<string[]>;
  /** Every subject whose key starts with `prefix` that owes work (a short list: only what a vendor has not taken). */
  listOwed(prefix: string): Promise<string[]>;
  /** Per kind (the subject's first path segment): how many subjects owe work, and since when the oldest does. */
  owedSummary(): Promise<OwedSummary[]>;
  /** Every mark with its holder, oldest first, at most `limit`: for the check that clears marks whose holder closed. */
  owedMarksHeld(limit: number): Promise<OwedMark[]>;
}

/** A subject's owed mark: which workflow holds its owed work, and since when. */
export interface OwedMark {
  subject: string;
  holder: string;
  since: Date;
}

export interface OwedSummary {
  kind: string;
  subjects: number;
  oldestSince: Date;
}

/** The kind of an owed subject, `outage-ticket` in `outage-ticket/VC123`. */
export const owedKind = (subject: string): string => subject.split('/')[0];

/** Summaries per kind from (subject, since) rows. */
export function summarizeOwed(rows: Array<{ subject: string; since: Date }>): OwedSummary[] {
  const byKind = new Map<string, OwedSummary>();
  for (const { subject, since } of rows) {
    const kind = owedKind(subject);
    const s = byKind.get(kind);
    if (!s) byKind.set(kind, { kind, subjects: 1, oldestSince: since });
    else {
      s.subjects++;
      if (since < s.oldestSince) s.oldestSince = since;
    }
  }
  return [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}
