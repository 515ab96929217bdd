import type { Server } from 'node:http';
import { createAppMetrics, serveMetrics } from '../../../observability/metrics';
import { freePort } from '../../helpers/env';

describe('the app metrics endpoint', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const port = await freePort();
    server = await serveMetrics(createAppMetrics().registry, port);
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it('serves Prometheus text on GET /metrics, listening on loopback by default', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('# TYPE');
    expect(server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  it('answers other methods with 405 (and Allow), other paths with 404', async () => {
    const post = await fetch(`${base}/metrics`, { method: 'POST', body: 'x' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    expect((await fetch(`${base}/other`)).status).toBe(404);
  });
});

describe('the app metrics when the app store cannot be read', () => {
  const unreadable = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
  const sample = (text: string, name: string) =>
    text.split('\n').filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));

  it('the scrape still answers: app_store_up 0, the store-backed gauges without series (or NaN), the rest as ever', async () => {
    const metrics = createAppMetrics({
      doraResults: unreadable,
      fleetSnapshot: unreadable,
      owedSummary: unreadable,
      openMaintenanceWindows: unreadable,
      storeReadable: unreadable,
    });
    metrics.vendorCalls({ vendor: 'bruin', endpoint: 'GET /api/Ticket', outcome: '2xx', seconds: 0.1 });
    const text = await metrics.registry.metrics();
    expect(sample(text, 'automation_engine_app_store_up')).toEqual(['automation_engine_app_store_up 0']);
    // Not known, rather than 0 (all well) or +Inf (never taken): the stale-snapshot alert holds its peace.
    // (prom-client writes "Nan"; Prometheus reads NaN in any case.)
    expect(sample(text, 'automation_engine_fleet_snapshot_age_seconds')).toEqual([
      expect.stringMatching(/^automation_engine_fleet_snapshot_age_seconds nan$/i),
    ]);
    for (const gauge of [
      'automation_engine_edges',
      'automation_engine_owed_subjects',
      'automation_engine_maintenance_windows_open',
      'automation_engine_dora_level',
    ])
      expect(sample(text, gauge)).toEqual([]);
    expect(sample(text, 'automation_engine_vendor_request_duration_seconds_count')).toHaveLength(1);
  });

  it('a store that reads: app_store_up 1, and the gauges have their series', async () => {
    const metrics = createAppMetrics({
      fleetSnapshot: async () => undefined,
      owedSummary: async () => [],
      storeReadable: async () => [],
    });
    const text = await metrics.registry.metrics();
    expect(sample(text, 'automation_engine_app_store_up')).toEqual(['automation_engine_app_store_up 1']);
    expect(sample(text, 'automation_engine_fleet_snapshot_age_seconds')).toEqual([
      'automation_engine_fleet_snapshot_age_seconds +Inf',
    ]);
    expect(sample(text, 'automation_engine_owed_subjects')).toHaveLength(6); // one per kind, dispatch and ops-notice included
  });
});
