import { Gauge, type Registry } from 'prom-client';
import type { PerformanceLevel } from '../domain/dora';
import type { DoraResult } from '../store/devops-events';
import { collectFromStore, perScrape } from './per-scrape';

/** Levels as numbers, so a Grafana threshold or an alert rule can compare them: elite 4 … low 1. */
export const LEVEL_VALUE: Record<PerformanceLevel, number> = { elite: 4, high: 3, medium: 2, low: 1 };

/** One value per repo and window; null (nothing measured) leaves the series out. */
const PER_REPO: Array<[name: string, help: string, value: (r: DoraResult) => number | null]> = [
  [
    'deployments_per_day',
    "Deploys per day over the window (the seed's calc_deployment_freq)",
    (r) => r.keys.deploymentFrequency.perDay,
  ],
  ['deployments', 'Deploys in the window', (r) => r.keys.deploymentFrequency.deploys],
  [
    'lead_time_hours',
    "Median hours from a commit's first push to its deploy (absent: none measured)",
    (r) => r.keys.leadTimeHours.median,
  ],
  [
    'change_failure_rate',
    'Share of deploys followed by deploy_failed, rollback or an incident (0-1)',
    (r) => r.keys.changeFailureRate.rate,
  ],
  [
    'time_to_restore_hours',
    'Median hours from incident_opened to incident_resolved (absent: none restored)',
    (r) => r.keys.timeToRestoreHours.median,
  ],
  ['open_incidents', 'Incidents opened in the window and not resolved', (r) => r.keys.timeToRestoreHours.open],
  [
    'computed_timestamp_seconds',
    'When the stored keys were computed (Unix seconds)',
    (r) => Date.parse(r.computedAt) / 1000,
  ],
];

const levels = (r: DoraResult): Array<[key: string, level: PerformanceLevel | null]> => [
  ['deployment_frequency', r.keys.deploymentFrequency.level],
  ['lead_time', r.keys.leadTimeHours.level],
  ['change_failure_rate', r.keys.changeFailureRate.level],
  ['time_to_restore', r.keys.timeToRestoreHours.level],
];

/**
 * DORA gauges read from the latest stored results at scrape time: the workflow that computes them
 * cannot set metrics, and every process serving /metrics then answers the same numbers.
 */
export function registerDoraGauges(registry: Registry, latest: () => Promise<DoraResult[]>): void {
  const results = perScrape(latest);
  const labelsOf = (r: DoraResult) => ({ repo: r.keys.repo, window_days: String(r.keys.windowDays) });
  for (const [name, help, value] of PER_REPO)
    new Gauge({
      name: `automation_engine_dora_${name}`,
      help,
      labelNames: ['repo', 'window_days'],
      registers: [registry],
      async collect() {
        await collectFromStore(this, async () => {
          for (const r of await results()) {
            const v = value(r);
            if (v !== null) this.set(labelsOf(r), v);
          }
        });
      },
    });
  new Gauge({
    name: 'automation_engine_dora_level',
    help: 'DORA performance level per key: elite 4, high 3, medium 2, low 1 (absent: nothing measured)',
    labelNames: ['repo', 'window_days', 'key'],
    registers: [registry],
    async collect() {
      await collectFromStore(this, async () => {
        for (const r of await results())
          for (const [key, level] of levels(r))
            if (level !== null) this.set({ ...labelsOf(r), key }, LEVEL_VALUE[level]);
      });
    },
  });
}
