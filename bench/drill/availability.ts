// What a client saw during a drill step: calls probed every PROBE_EVERY_MS, each answered or failed. Pure, so it is
// unit-tested (test/unit/bench/availability.test.ts).

/** Between two probes: a gap in answers shorter than this is not noticed. */
export const PROBE_EVERY_MS = 100;

/** One probe: when it was sent and whether the engine answered it. */
export interface Probe {
  at: number;
  ok: boolean;
}

/**
 * The seconds calls failed between `from` and `to`: each failed probe counts until the next probe (answered or not), so
 * a run of failures is one interval from its first failure to the first answer after it. Also the longest such run.
 */
export function unavailability(
  probes: readonly Probe[],
  from: number,
  to: number,
): { seconds: number; longest: number } {
  const within = probes.filter((p) => p.at >= from && p.at <= to).sort((a, b) => a.at - b.at);
  let seconds = 0;
  let longest = 0;
  let runStart: number | undefined;
  for (let i = 0; i < within.length; i++) {
    const p = within[i];
    if (!p.ok && runStart === undefined) runStart = p.at;
    const last = i === within.length - 1;
    if (runStart !== undefined && (p.ok || last)) {
      const end = p.ok ? p.at : Math.min(to, p.at + PROBE_EVERY_MS);
      seconds += end - runStart;
      longest = Math.max(longest, end - runStart);
      runStart = undefined;
    }
  }
  return { seconds: seconds / 1000, longest: longest / 1000 };
}
