import { Gauge, type Registry } from 'prom-client';
import type { FleetSnapshot } from '../domain/fleet';
import { collectFromStore, perScrape } from './per-scrape';

/**
 * Fleet gauges read from the sites monitor's latest stored snapshot at scrape time: a workflow cannot
 * set metrics, and every process serving /metrics answers the same numbers. No snapshot yet: no edge or
 * link series, and a snapshot age of +Inf (never taken), which the stale-snapshot alert sees.
 */
export function registerFleetGauges(registry: Registry, latest: () => Promise<FleetSnapshot | undefined>): void {
  const snapshot = perScrape(latest);
  const gauge = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    fill: (g: Gauge<L>, s: FleetSnapshot) => void,
  ) =>
    new Gauge<L>({
      name: `automation_engine_${name}`,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        await collectFromStore(
          this,
          async () => {
            const s = await snapshot();
            if (s) fill(this, s);
            else if (name === 'fleet_snapshot_age_seconds') this.set(Infinity);
          },
          labelNames.length === 0 ? () => this.set(NaN) : undefined,
        );
      },
    });
  gauge(
    'edges',
    'Edges by orchestrator host, enterprise and edge state (latest sites-monitor cycle)',
    ['host', 'enterprise', 'state'],
    (g, s) => {
      for (const e of s.edges) g.set({ host: e.host, enterprise: String(e.enterpriseId), state: e.state }, e.count);
    },
  );
  gauge('links', 'Links by link state (latest sites-monitor cycle)', ['state'], (g, s) => {
    for (const l of s.links) g.set({ state: l.state }, l.count);
  });
  gauge('edges_processed', 'Edges the latest sites-monitor cycle read', [], (g, s) => g.set(s.edgesProcessed));
  gauge('faulty_edges', 'Edges offline or with a disconnected link (latest cycle)', [], (g, s) =>
    g.set(s.faulty.length),
  );
  gauge('fleet_snapshot_age_seconds', 'Seconds since the latest fleet snapshot was taken', [], (g, s) =>
    g.set((Date.now() - Date.parse(s.takenAt)) / 1000),
  );
}
