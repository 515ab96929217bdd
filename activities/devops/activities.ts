import { log } from '@temporalio/activity';
import { computeDoraKeys } from '../../devops/compute';
import type { DevopsEventStore } from '../../store/devops-events';
import type { PerformanceLevel } from '../../domain/dora';

const DAY = 86_400_000;

/** One repo's keys as the workflow reports them: numbers and levels, no events. */
export interface DoraSummary {
  repo: string;
  eventsRead: number;
  deploysPerDay: number;
  leadTimeHours: number | null;
  changeFailureRate: number | null;
  timeToRestoreHours: number | null;
  levels: Record<'deploymentFrequency' | 'leadTime' | 'changeFailureRate' | 'timeToRestore', PerformanceLevel | null>;
}

/** DevOps metrics activities, run by the orchestration pool (the app store is local I/O). */
export function createDevopsActivities(store: DevopsEventStore) {
  return {
    /** Repos with an event in the window ending at `asOf` (ms). */
    async devopsRepos({ windowDays, asOf }: { windowDays: number; asOf: number }): Promise<string[]> {
      return store.devopsRepos(new Date(asOf - windowDays * DAY).toISOString());
    },

    /**
     * Computes `repo`'s keys as of `asOf` (the workflow's time, so a retry computes the same thing),
     * stores them with the seed's `calc_deployment_freq` event, and logs them as the seed did.
     */
    async computeAndStoreDoraKeys({
      repo,
      windowDays,
      asOf,
    }: {
      repo: string;
      windowDays: number;
      asOf: number;
    }): Promise<DoraSummary> {
      const { keys, eventsRead } = await computeDoraKeys(store, repo, windowDays, asOf);
      const computedAt = new Date(asOf).toISOString();
      await store.saveDoraResult({ computedAt, keys });
      log.info('calc_deployment_freq', {
        service: 'devops-metrics',
        repo,
        windowDays,
        deploys: keys.deploymentFrequency.deploys,
        perDay: keys.deploymentFrequency.perDay,
        level: keys.deploymentFrequency.level,
      });
      return {
        repo,
        eventsRead,
        deploysPerDay: keys.deploymentFrequency.perDay,
        leadTimeHours: keys.leadTimeHours.median,
        changeFailureRate: keys.changeFailureRate.rate,
        timeToRestoreHours: keys.timeToRestoreHours.median,
        levels: {
          deploymentFrequency: keys.deploymentFrequency.level,
          leadTime: keys.leadTimeHours.level,
          changeFailureRate: keys.changeFailureRate.level,
          timeToRestore: keys.timeToRestoreHours.level,
        },
      };
    },
  };
}
export type DevopsActivities = ReturnType<typeof createDevopsActivities>;
