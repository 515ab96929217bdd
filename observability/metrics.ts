import { createServer, type Server } from 'node:http';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import type { Channel } from '../store/ledger';

/** App metrics for the notifier: one counter by channel and outcome. */
export interface NotificationMetrics {
  observe(channel: Channel, outcome: 'sent' | 'already-sent' | 'failed'): void;
}

/** The app's Prometheus registry (prom-client); the SDK's own metrics are on a separate port. */
export function createAppMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'automation_engine_' });
  const notifications = new Counter({
    name: 'automation_engine_notifications_total',
    help: 'Notifications by channel and outcome (sent, already-sent = suppressed duplicate, failed)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [registry],
  });
  const notificationMetrics: NotificationMetrics = {
    observe: (channel, outcome) => notifications.inc({ channel, outcome }),
  };
  return { registry, notifications: notificationMetrics };
}
export type AppMetrics = ReturnType<typeof createAppMetrics>;

/** Serves `GET /metrics` for Prometheus to scrape. */
export function serveMetrics(registry: Registry, port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer((req, res) => {
    if ((req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end('see /metrics');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end('method not allowed: GET /metrics');
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
      (err: Error) => res.writeHead(500).end(err.message),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
