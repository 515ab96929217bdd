import { workflowInfo } from '@temporalio/workflow';
import type { DoraSummary } from '../../activities/devops/activities';
import { devops } from '../activities';
import { autoUpgrade } from '../versioning';

export interface DoraMetricsInput {
  /** DEPLOYMENT_FREQ_TIMEFRAME_DAY: the window every key is computed over. */
  windowDays: number;
  /** Only these repos; default every repo with an event in the window. */
  repos?: string[];
}

export interface DoraMetricsResult {
  asOf: string;
  windowDays: number;
  repos: DoraSummary[];
}

/** Repos computed at once: each is one store read, and the store is shared with the event endpoint. */
const CONCURRENT_REPOS = 4;

/**
 * The DevOps metrics computation (seed 003's `calc_deployment_freq`, and the other three DORA keys):
 * daily on a schedule, or on demand (`npm run dora -- compute`). Every repo is computed as of the
 * same instant, the run's start, so the results compare.
 */
export async function doraMetrics({ windowDays, repos }: DoraMetricsInput): Promise<DoraMetricsResult> {
  const asOf = workflowInfo().runStartTime.getTime();
  const targets = repos ?? (await devops.devopsRepos({ windowDays, asOf }));
  const results: DoraSummary[] = [];
  for (let i = 0; i < targets.length; i += CONCURRENT_REPOS) {
    const batch = targets.slice(i, i + CONCURRENT_REPOS);
    results.push(
      ...(await Promise.all(
        batch.map((repo) => devops.summarized(repo).computeAndStoreDoraKeys({ repo, windowDays, asOf })),
      )),
    );
  }
  return { asOf: new Date(asOf).toISOString(), windowDays, repos: results };
}
autoUpgrade(doraMetrics);
