import { Registry } from 'prom-client';
import { countEnterprise, type FleetSnapshot } from '../../../domain/fleet';
import { registerFleetGauges } from '../../../observability/fleet-gauges';

describe('fleet gauges', () => {
  it('serve the latest snapshot, one store read per scrape; no snapshot, no series', async () => {
    const counts = countEnterprise('mettel.velocloud.net', 1, [
      {
        id: 1,
        name: 'hq',
        edgeState: 'OFFLINE',
        links: [{ interface: 'GE1', displayName: '', state: 'DISCONNECTED' }],
      },
    ]);
    const stored: { snapshot?: FleetSnapshot } = {};
    let reads = 0;
    const registry = new Registry();
    registerFleetGauges(registry, async () => {
      reads++;
      return stored.snapshot;
    });
    const none = await registry.metrics();
    expect(none).not.toMatch(/^automation_engine_(edges|links)\{/m);
    expect(none).toContain('automation_engine_fleet_snapshot_age_seconds +Inf');
    stored.snapshot = { ...counts, cycle: 'sites-monitor-1', takenAt: new Date(Date.now() - 30_000).toISOString() };
    await new Promise((r) => setTimeout(r, 1100)); // past the per-scrape reuse
    const text = await registry.metrics();
    expect(text).toContain('automation_engine_edges{host="mettel.velocloud.net",enterprise="1",state="OFFLINE"} 1');
    expect(text).toContain('automation_engine_links{state="DISCONNECTED"} 1');
    expect(text).toContain('automation_engine_faulty_edges 1');
    expect(text).toContain('automation_engine_edges_processed 1');
    const age = Number(/^automation_engine_fleet_snapshot_age_seconds (\S+)$/m.exec(text)?.[1]);
    expect(age).toBeGreaterThanOrEqual(30);
    expect(age).toBeLessThan(60);
    expect(reads).toBe(2);
  });
});
