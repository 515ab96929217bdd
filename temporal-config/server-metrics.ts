// The Temporal server's own metrics (state transitions, shards, persistence latency): every server process serves
// them on a port of its own, and Prometheus and the benches read them there.

/** One Temporal server process's `/metrics`. */
export interface ServerMetricsTarget {
  /** host:port */
  address: string;
  /** Which process (`dev-server`, `history`, `history-2`, ...): the `instance` label, so panels tell replicas apart. */
  process: string;
}

/**
 * The sum of every sample of `metric` (over all its label sets, or those with every label in `where`) in
 * Prometheus's text format, or 0 when it has none yet: e.g. `state_transition_count_count`, the transitions a process
 * has made.
 */
export function sumSamples(exposition: string, metric: string, where: Record<string, string> = {}): number {
  const labels = Object.entries(where).map(([k, v]) => `${k}="${v}"`);
  let sum = 0;
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(metric)) continue;
    const rest = line.slice(metric.length);
    if (rest[0] !== '{' && rest[0] !== ' ') continue;
    const labelSet = rest[0] === '{' ? rest.slice(0, rest.indexOf('}') + 1) : '';
    if (labels.some((l) => !labelSet.includes(`{${l}`) && !labelSet.includes(`,${l}`))) continue;
    const value = Number(rest.slice(rest.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) sum += value;
  }
  return sum;
}

/** One process's whole `/metrics` exposition. */
export async function readServerMetrics(target: ServerMetricsTarget): Promise<string> {
  const res = await fetch(`http://${target.address}/metrics`, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`${target.process} answered ${res.status} for /metrics`);
  return res.text();
}

/** One process's metric, summed over its label sets (`numshards_gauge`: the shards a history host owns now). */
export async function readServerMetric(
  target: ServerMetricsTarget,
  metric: string,
  where: Record<string, string> = {},
): Promise<number> {
  return sumSamples(await readServerMetrics(target), metric, where);
}
