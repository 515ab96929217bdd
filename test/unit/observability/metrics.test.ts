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
