import type { Client } from '@temporalio/client';
import type { DoraSummary } from '../activities/devops/activities';
import { ORCHESTRATION_QUEUE } from '../domain/task-queues';
import type { DoraMetricsInput, DoraMetricsResult } from '../workflows/devops/dora-metrics';
import { resultOrWhy } from './workflow-failure';
import { UsageError } from './usage-error';

export const DORA_USAGE = `usage: npm run dora -- compute [--repo <name>]... [--days <1-365>]
  Computes the four DORA keys now (the daily devops-metrics schedule does the same), stores them for
  GET /dora/<repo> and the gauges, and prints them. Default: every repo with events, DEPLOYMENT_FREQ_TIMEFRAME_DAY.`;

export interface DoraArgs {
  repos: string[];
  days?: number;
}

export function parseDoraArgs(argv: string[]): DoraArgs {
  const [command, ...rest] = argv;
  if (command !== 'compute') throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  const args: DoraArgs = { repos: [] };
  for (let i = 0; i < rest.length; i += 2) {
    const [name, value] = [rest[i], rest[i + 1]];
    if (name !== '--repo' && name !== '--days') throw new UsageError(`unknown option ${name}`);
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
    if (name === '--repo') args.repos.push(value);
    else if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 365)
      throw new UsageError('--days must be a whole number from 1 to 365');
    else args.days = Number(value);
  }
  return args;
}

/** Starts `doraMetrics` on demand and waits for its result. */
export async function computeDoraNow(client: Client, args: DoraArgs, defaultDays: number): Promise<DoraMetricsResult> {
  const input: DoraMetricsInput = {
    windowDays: args.days ?? defaultDays,
    ...(args.repos.length ? { repos: args.repos } : {}),
  };
  const handle = await client.workflow.start('doraMetrics', {
    taskQueue: ORCHESTRATION_QUEUE,
    workflowId: `devops-metrics/on-demand/${new Date().toISOString()}`,
    args: [input],
    staticSummary: `DORA keys over ${input.windowDays} days (on demand)`,
  });
  return resultOrWhy<(i: DoraMetricsInput) => Promise<DoraMetricsResult>>(handle);
}

const num = (v: number | null, digits: number, unit = '') => (v === null ? '—' : `${v.toFixed(digits)}${unit}`);
const cell = (value: string, level: string | null) => `${value} (${level ?? 'n/a'})`;

/** The result as a table: one row per repo, each key with its level. */
export function formatDoraResult(result: DoraMetricsResult): string {
  if (result.repos.length === 0) return `no repo has events in the ${result.windowDays} days before ${result.asOf}`;
  const rows = result.repos.map((r: DoraSummary) => [
    r.repo,
    cell(num(r.deploysPerDay, 2, '/day'), r.levels.deploymentFrequency),
    cell(num(r.leadTimeHours, 1, ' h'), r.levels.leadTime),
    cell(r.changeFailureRate === null ? '—' : `${(r.changeFailureRate * 100).toFixed(0)}%`, r.levels.changeFailureRate),
    cell(num(r.timeToRestoreHours, 1, ' h'), r.levels.timeToRestore),
  ]);
  const header = ['repo', 'deployment frequency', 'lead time', 'change failure rate', 'time to restore'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [`DORA keys over ${result.windowDays} days, as of ${result.asOf}`, line(header), ...rows.map(line)].join('\n');
}
