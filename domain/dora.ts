/**
 * The four DORA keys from raw DevOps events (seed 003 and issue 15): deployment frequency, lead time
 * for changes, change failure rate and time to restore, each with its performance level. Pure: the
 * workflow hands it stored events, the API and the gauges show what it returns.
 */

export const DEVOPS_EVENTS = [
  'push',
  'deploy',
  'test_pass',
  'deploy_failed',
  'rollback',
  'incident_opened',
  'incident_resolved',
] as const;
export type DevopsEventName = (typeof DEVOPS_EVENTS)[number];

/** How far before the window a deployed commit's push is looked for (lead time). */
export const LEAD_TIME_LOOKBACK_DAYS = 90;

/** `ALL` as a repo: an event about every repository (the seed's CI script allows it). */
export const ALL_REPOS = 'ALL';

export interface DevopsEvent {
  /** ISO instant. */
  time: string;
  repo: string;
  event: DevopsEventName;
  /** `commit` on push/deploy, `deployId` on deploy/deploy_failed/rollback, `incidentId` on incidents. */
  metadata?: { commit?: string; deployId?: string; incidentId?: string };
}

export type PerformanceLevel = 'elite' | 'high' | 'medium' | 'low';

export interface DoraKeys {
  repo: string;
  windowDays: number;
  from: string;
  to: string;
  deploymentFrequency: { deploys: number; perDay: number; level: PerformanceLevel };
  /** Median hours from a commit's first push to its deploy; null when no deploy names a pushed commit. */
  leadTimeHours: { median: number | null; measured: number; level: PerformanceLevel | null };
  /** Share of deploys that failed (a deploy_failed, rollback or incident before the next deploy). */
  changeFailureRate: { failed: number; deploys: number; rate: number | null; level: PerformanceLevel | null };
  /** Median hours from incident opened to resolved; open incidents are counted, not measured. */
  timeToRestoreHours: { median: number | null; restored: number; open: number; level: PerformanceLevel | null };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Levels as the DORA report (2023) bands them: deploys on demand (daily or more) / weekly / monthly;
 * lead time under a day / a week / a month; change failure rate up to 5% / 10% / 15%; restore under
 * an hour / a day / a week. Anything slower (or higher) is low.
 */
export const deploymentFrequencyLevel = (perDay: number): PerformanceLevel =>
  perDay >= 1 ? 'elite' : perDay >= 1 / 7 ? 'high' : perDay >= 1 / 30 ? 'medium' : 'low';
export const leadTimeLevel = (hours: number): PerformanceLevel =>
  hours < 24 ? 'elite' : hours < 7 * 24 ? 'high' : hours < 30 * 24 ? 'medium' : 'low';
export const changeFailureLevel = (rate: number): PerformanceLevel =>
  rate <= 0.05 ? 'elite' : rate <= 0.1 ? 'high' : rate <= 0.15 ? 'medium' : 'low';
export const timeToRestoreLevel = (hours: number): PerformanceLevel =>
  hours < 1 ? 'elite' : hours < 24 ? 'high' : hours < 7 * 24 ? 'medium' : 'low';

/** The middle value of `values` (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The greatest of `sorted` (ascending) that is at most `at`, by binary search. */
function latestAtOrBefore(sorted: readonly number[], at: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? sorted[lo - 1] : undefined;
}

const FAILURE_EVENTS: ReadonlySet<DevopsEventName> = new Set(['deploy_failed', 'rollback', 'incident_opened']);

/**
 * The four keys for `repo` over the `windowDays` before `now` (events at `now - window` count, at `now`
 * do not). A repo's events include those sent for `ALL`; the repo `ALL` takes every event.
 */
export function doraKeys(events: readonly DevopsEvent[], repo: string, windowDays: number, now: number): DoraKeys {
  const from = now - windowDays * DAY;
  const mine = events
    .filter((e) => repo === ALL_REPOS || e.repo === repo || e.repo === ALL_REPOS)
    .map((e) => ({ ...e, at: Date.parse(e.time) }))
    .filter((e) => !Number.isNaN(e.at) && e.at < now)
    .sort((a, b) => a.at - b.at);
  const inWindow = (at: number) => at >= from && at < now;
  const deploys = mine.filter((e) => e.event === 'deploy' && inWindow(e.at));

  const perDay = deploys.length / windowDays;

  // Lead time: from the first push of the deployed commit (any time before the deploy) to the deploy.
  const firstPush = new Map<string, number>();
  for (const e of mine)
    if (e.event === 'push' && e.metadata?.commit && !firstPush.has(e.metadata.commit))
      firstPush.set(e.metadata.commit, e.at);
  const leads = deploys.flatMap((d) => {
    const pushed = d.metadata?.commit ? firstPush.get(d.metadata.commit) : undefined;
    return pushed !== undefined && pushed <= d.at ? [(d.at - pushed) / HOUR] : [];
  });
  const leadMedian = median(leads);

  // A deploy failed when a failure names it (deployId), or names no deploy and comes after it and before
  // the next one. Sorted once and searched, so 100,000 events cost a sort, not deploys × events.
  const allDeployTimes = mine.filter((e) => e.event === 'deploy').map((e) => e.at);
  const failedDeployIds = new Set<string>();
  const failedDeployTimes = new Set<number>();
  for (const e of mine) {
    if (!FAILURE_EVENTS.has(e.event)) continue;
    if (e.metadata?.deployId !== undefined) failedDeployIds.add(e.metadata.deployId);
    else {
      const latest = latestAtOrBefore(allDeployTimes, e.at);
      if (latest !== undefined) failedDeployTimes.add(latest);
    }
  }
  const failed = deploys.filter(
    (d) =>
      (d.metadata?.deployId !== undefined && failedDeployIds.has(d.metadata.deployId)) || failedDeployTimes.has(d.at),
  ).length;
  const rate = deploys.length > 0 ? failed / deploys.length : null;

  // Time to restore: incidents opened in the window, matched to their resolution by incident ID.
  const opened = mine.filter((e) => e.event === 'incident_opened' && inWindow(e.at) && e.metadata?.incidentId);
  const resolvedAt = new Map<string, number[]>();
  for (const e of mine)
    if (e.event === 'incident_resolved' && e.metadata?.incidentId) {
      const times = resolvedAt.get(e.metadata.incidentId) ?? [];
      times.push(e.at);
      resolvedAt.set(e.metadata.incidentId, times);
    }
  const restores: number[] = [];
  let open = 0;
  for (const o of opened) {
    const resolved = resolvedAt.get(o.metadata!.incidentId!)?.find((at) => at >= o.at);
    if (resolved !== undefined) restores.push((resolved - o.at) / HOUR);
    else open++;
  }
  const restoreMedian = median(restores);

  return {
    repo,
    windowDays,
    from: new Date(from).toISOString(),
    to: new Date(now).toISOString(),
    deploymentFrequency: { deploys: deploys.length, perDay, level: deploymentFrequencyLevel(perDay) },
    leadTimeHours: {
      median: leadMedian,
      measured: leads.length,
      level: leadMedian === null ? null : leadTimeLevel(leadMedian),
    },
    changeFailureRate: {
      failed,
      deploys: deploys.length,
      rate,
      level: rate === null ? null : changeFailureLevel(rate),
    },
    timeToRestoreHours: {
      median: restoreMedian,
      restored: restores.length,
      open,
      level: restoreMedian === null ? null : timeToRestoreLevel(restoreMedian),
    },
  };
}
