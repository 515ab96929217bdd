// What a client saw during a drill step: calls probed every PROBE_EVERY_MS, each answered or failed. Pure, so it is
// unit-tested (test/unit/bench/availability.test.ts).

/** Between two probes: a gap in answers shorter than this is not noticed. */
export const PROBE_EVERY_MS = 100;
/** A probe that has not answered after this counts as failed. */
export const PROBE_TIMEOUT_MS = 2_000;
/**
 * Probes further apart than this mean the prober itself could not look (its process was busy, e.g. restarting
 * PostgreSQL synchronously): such a gap counts as unavailable, since nothing shows it was not.
 */
export const BLIND_MS = PROBE_TIMEOUT_MS + 500;

/** One probe: when it was sent and whether the engine answered it. */
export interface Probe {
  at: number;
  ok: boolean;
}

/**
 * The seconds calls failed between `from` and `to`: each failed probe counts until the next probe (answered or not), so
 * a run of failures is one interval from its first failure to the first answer after it; a blind gap between probes
 * counts too. Also the longest such interval.
 */
export function unavailability(
  probes: readonly Probe[],
  from: number,
  to: number,
): { seconds: number; longest: number } {
  const within = probes.filter((p) => p.at >= from && p.at <= to).sort((a, b) => a.at - b.at);
  let total = 0;
  let longest = 0;
  let runStart: number | undefined;
  const count = (start: number, end: number) => {
    total += end - start;
    longest = Math.max(longest, end - start);
  };
  for (let i = 0; i < within.length; i++) {
    const p = within[i];
    const next = within[i + 1];
    if (p.ok && next && next.at - p.at > BLIND_MS) {
      if (runStart === undefined) runStart = p.at;
      continue;
    }
    if (!p.ok && runStart === undefined) runStart = p.at;
    if (runStart !== undefined && (p.ok || !next)) {
      count(runStart, p.ok ? p.at : Math.min(to, p.at + PROBE_EVERY_MS));
      runStart = undefined;
    }
  }
  return { seconds: total / 1000, longest: longest / 1000 };
}
