import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { VendorCall } from '../activities/vendor-calls';
import type { BusinessEvent } from '../activities/business-events';
import type { Channel } from '../store/ledger';
import type { DoraResult } from '../store/devops-events';
import { registerDoraGauges } from './dora-gauges';
import { registerFleetGauges } from './fleet-gauges';
import { registerOwedGauges } from './owed-gauges';
import { registerMaintenanceGauges } from './maintenance-gauges';
import type { MaintenanceWindow } from '../domain/maintenance';
import type { OwedSummary } from '../store/owed-work';
import type { FleetSnapshot } from '../domain/fleet';

/** App metrics for the notifier: one counter by channel, outcome and business step (dispatch SMS by step, say). */
export interface NotificationMetrics {
  observe(channel: Channel, outcome: 'sent' | 'already-sent' | 'failed', step: string): void;
}

/** Events posted to the DevOps metrics service, by event and outcome. */
export type DevopsEventMetrics = (event: string, outcome: 'stored' | 'duplicate' | 'rejected') => void;

/**
 * The app's Prometheus registry (prom-client); the SDK's own metrics are on a separate port. With
 * `doraResults`, `fleetSnapshot` and `owedSummary`, the DORA, fleet and owed-work gauges are read from the store at
 * each scrape; with `storeReadable`, `app_store_up` says whether it could be.
 */
export function createAppMetrics(
  sources: {
    doraResults?: () => Promise<DoraResult[]>;
    fleetSnapshot?: () => Promise<FleetSnapshot | undefined>;
    owedSummary?: () => Promise<OwedSummary[]>;
    openMaintenanceWindows?: () => Promise<MaintenanceWindow[]>;
    /** A store read that answers whether the store can be read now (`app_store_up`). */
    storeReadable?: () => Promise<unknown>;
  } = {},
) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'automation_engine_' });
  const notifications = new Counter({
    name: 'automation_engine_notifications_total',
    help: 'Notifications by channel, outcome (sent, already-sent = suppressed duplicate, failed) and business step',
    labelNames: ['channel', 'outcome', 'step'] as const,
    registers: [registry],
  });
  const notificationMetrics: NotificationMetrics = {
    observe: (channel, outcome, step) => notifications.inc({ channel, outcome, step }),
  };
  const devopsEvents = new Counter({
    name: 'automation_engine_devops_events_total',
    help: 'DevOps events posted to /process-event, by event and outcome (stored, duplicate = retried Event-Id, rejected)',
    labelNames: ['event', 'outcome'] as const,
    registers: [registry],
  });
  const devopsEventMetrics: DevopsEventMetrics = (event, outcome) => devopsEvents.inc({ event, outcome });
  const vendorDuration = new Histogram({
    name: 'automation_engine_vendor_request_duration_seconds',
    help: 'Vendor HTTP calls by vendor, endpoint (a template) and outcome (2xx, 4xx, 5xx, network)',
    labelNames: ['vendor', 'endpoint', 'outcome'] as const,
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
    registers: [registry],
  });
  const vendorErrors = new Counter({
    name: 'automation_engine_vendor_errors_total',
    help: 'Vendor HTTP calls that failed: a 4xx or 5xx answer, or none (network)',
    labelNames: ['vendor', 'endpoint', 'outcome'] as const,
    registers: [registry],
  });
  const vendorCalls = ({ vendor, endpoint, outcome, seconds }: VendorCall) => {
    vendorDuration.observe({ vendor, endpoint, outcome }, seconds);
    if (outcome !== '2xx' && outcome !== '3xx') vendorErrors.inc({ vendor, endpoint, outcome });
  };
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name: `automation_engine_${name}`, help, labelNames, registers: [registry] });
  const tickets = counter(
    'tickets_total',
    'Bruin ticket creates by category (VOO outage, VAS service affecting) and what Bruin answered',
    ['category', 'outcome'],
  );
  const statusChanges = counter('ticket_status_changes_total', 'Tickets resolved or reopened', ['status']);
  const notes = counter(
    'ticket_notes_total',
    'Automation notes written, by kind (outage, triage, tnba, dispatch, service-affecting, auto-resolve)',
    ['kind'],
  );
  const inMaintenance = counter(
    'devices_in_maintenance_total',
    'Devices a monitor check left alone because a maintenance window covered them, by monitor (one per device per look)',
    ['monitor'],
  );
  const businessEvents = (e: BusinessEvent) => {
    if (e.kind === 'ticket') tickets.inc({ category: e.category, outcome: e.outcome });
    else if (e.kind === 'ticket-status') statusChanges.inc({ status: e.status });
    else if (e.kind === 'in-maintenance') inMaintenance.inc({ monitor: e.monitor }, e.devices);
    else notes.inc({ kind: e.note });
  };
  const storeErrors = counter(
    'app_store_errors_total',
    'App store calls that failed (ledger, caches, DevOps events, fleet snapshots), by operation',
    ['operation'],
  );
  const appStoreErrors = (operation: string) => storeErrors.inc({ operation });
  if (sources.doraResults) registerDoraGauges(registry, sources.doraResults);
  if (sources.fleetSnapshot) registerFleetGauges(registry, sources.fleetSnapshot);
  if (sources.owedSummary) registerOwedGauges(registry, sources.owedSummary);
  if (sources.openMaintenanceWindows) registerMaintenanceGauges(registry, sources.openMaintenanceWindows);
  const storeReadable = sources.storeReadable;
  if (storeReadable)
    new Gauge({
      name: 'automation_engine_app_store_up',
      help: '1 when this process could read the app store at this scrape, 0 when it could not (the store-backed gauges have no series then)',
      registers: [registry],
      async collect() {
        this.set(
          await storeReadable().then(
            () => 1,
            () => 0,
          ),
        );
      },
    });
  return {
    registry,
    notifications: notificationMetrics,
    devopsEvents: devopsEventMetrics,
    vendorCalls,
    businessEvents,
    appStoreErrors,
  };
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
