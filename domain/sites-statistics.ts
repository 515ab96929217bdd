/**
 * The sites monitor's statistics per notifier interval (seed 000: "Notifier has an interval set. For each interval
 * will send the statistics to a Slack channel and reset the statistics for the next cycle"). Each 2-minute cycle's
 * counts are kept under the interval it fell in; once an interval is over, its cycles become one Slack summary, sent
 * only when some edge was faulty in it. Pure: the store keeps the cycles, the activity folds them with this.
 */
import type { FleetCounts } from './fleet';

/** What one cycle adds to its interval. */
export interface SitesCycleStats {
  /** The workflow ID of the cycle. */
  cycle: string;
  takenAt: string;
  /** The start of the interval the cycle fell in (ISO, aligned to the interval from the Unix epoch). */
  intervalStart: string;
  edgesProcessed: number;
  states: Array<{ state: string; count: number }>;
  faulty: Array<{ host: string; enterpriseId: number; edgeId: number; name: string; reason: string }>;
  discarded: number;
}

/** An interval folded: the latest cycle's counts, and per faulty edge how often, first and last. */
export interface SitesIntervalStats {
  start: string;
  end: string;
  cycles: number;
  latest: Pick<SitesCycleStats, 'edgesProcessed' | 'states' | 'discarded'>;
  faulty: Array<{
    host: string;
    enterpriseId: number;
    name: string;
    reason: string;
    cycles: number;
    firstSeen: string;
    lastSeen: string;
  }>;
}

/** The start of the interval an instant falls in: intervals are aligned to the epoch (a 1-hour interval is a UTC hour). */
export function intervalStart(at: string, intervalSeconds: number): string {
  const ms = intervalSeconds * 1000;
  return new Date(Math.floor(Date.parse(at) / ms) * ms).toISOString();
}

/** A cycle's counts as it adds them to its interval. */
export function cycleStats(
  cycle: string,
  takenAt: string,
  intervalSeconds: number,
  counts: FleetCounts,
): SitesCycleStats {
  const states = new Map<string, number>();
  for (const e of counts.edges) states.set(e.state, (states.get(e.state) ?? 0) + e.count);
  return {
    cycle,
    takenAt,
    intervalStart: intervalStart(takenAt, intervalSeconds),
    edgesProcessed: counts.edgesProcessed,
    states: [...states].sort(([a], [b]) => a.localeCompare(b)).map(([state, count]) => ({ state, count })),
    faulty: counts.faulty.map(({ host, enterpriseId, edgeId, name, reason }) => ({
      host,
      enterpriseId,
      edgeId,
      name,
      reason,
    })),
    discarded: counts.discards.length,
  };
}

/** One interval's cycles folded into its statistics (cycles in any order; all of the same interval). */
export function foldInterval(cycles: readonly SitesCycleStats[], intervalSeconds: number): SitesIntervalStats {
  if (cycles.length === 0) throw new Error('foldInterval: an interval with no cycle');
  const sorted = [...cycles].sort((a, b) => a.takenAt.localeCompare(b.takenAt));
  const start = sorted[0].intervalStart;
  const edges = new Map<string, SitesIntervalStats['faulty'][number]>();
  for (const c of sorted)
    for (const f of c.faulty) {
      const key = `${f.host}/${f.enterpriseId}/${f.edgeId}`;
      const seen = edges.get(key);
      if (seen) Object.assign(seen, { cycles: seen.cycles + 1, lastSeen: c.takenAt, reason: f.reason, name: f.name });
      else
        edges.set(key, {
          host: f.host,
          enterpriseId: f.enterpriseId,
          name: f.name,
          reason: f.reason,
          cycles: 1,
          firstSeen: c.takenAt,
          lastSeen: c.takenAt,
        });
    }
  const last = sorted[sorted.length - 1];
  return {
    start,
    end: new Date(Date.parse(start) + intervalSeconds * 1000).toISOString(),
    cycles: sorted.length,
    latest: { edgesProcessed: last.edgesProcessed, states: last.states, discarded: last.discarded },
    faulty: [...edges.values()].sort((a, b) => b.cycles - a.cycles || a.name.localeCompare(b.name)),
  };
}

const FAULTY_LISTED = 40;
const clock = (iso: string) => iso.slice(11, 19);
/** `13:00–14:00`, or with seconds when an end is not on a minute (a test's 20-second interval). */
const span = (start: string, end: string) =>
  clock(start).endsWith(':00') && clock(end).endsWith(':00')
    ? `${clock(start).slice(0, 5)}–${clock(end).slice(0, 5)}`
    : `${clock(start)}–${clock(end)}`;

/** The interval's Slack message: the fleet's counts, and the faulty edges by name, most often faulty first. */
export function intervalSummary(s: SitesIntervalStats): string {
  const n = s.faulty.length;
  const states = s.latest.states.map((x) => `${x.state} ${x.count}`).join(', ') || 'none';
  return [
    `*Sites monitor*, ${s.start.slice(0, 10)} ${span(s.start, s.end)} UTC: ` +
      `${n} faulty edge${n === 1 ? '' : 's'} in ${s.cycles} cycle${s.cycles === 1 ? '' : 's'}`,
    `Latest cycle: ${s.latest.edgesProcessed} edges (${states})`,
    ...s.faulty
      .slice(0, FAULTY_LISTED)
      .map(
        (f) =>
          `• ${f.name} (${f.host}, enterprise ${f.enterpriseId}): ${f.reason}; faulty in ${f.cycles} of ${s.cycles} ` +
          `cycles, first ${clock(f.firstSeen)}, last ${clock(f.lastSeen)}`,
      ),
    ...(n > FAULTY_LISTED ? [`… and ${n - FAULTY_LISTED} more`] : []),
    ...(s.latest.discarded ? [`${s.latest.discarded} edges VeloCloud sent malformed were not counted.`] : []),
  ].join('\n');
}
