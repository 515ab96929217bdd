import { MockActivityEnvironment } from '@temporalio/testing';
import { observeBusinessEvents, reportBusinessEvent } from '../../../activities/business-events';
import { observeVendorCalls } from '../../../activities/vendor-calls';
import { tnbaNote } from '../../../domain/tnba';
import { createVendorHttp } from '../../../activities/vendor-http';
import { createAppMetrics } from '../../../observability/metrics';
import { freePort } from '../../helpers/env';
import { sandboxVendorActivities, useTestSandbox } from '../../helpers/sandbox';
import { z } from 'zod';

describe('vendor HTTP and business metrics', () => {
  const sb = useTestSandbox();
  const metrics = createAppMetrics();
  beforeAll(() => {
    observeVendorCalls(metrics.vendorCalls);
    observeBusinessEvents(metrics.businessEvents);
  });
  afterAll(() => {
    observeVendorCalls(undefined);
    observeBusinessEvents(undefined);
  });

  it('time every call by vendor, endpoint template and outcome, and count the failures', async () => {
    const { bruin } = sandboxVendorActivities(sb);
    await bruin.openOutageTickets({ clientId: '9994' });
    await sb.call('POST', '/_sandbox/faults', { vendor: 'bruin', errorRate: 1, statusCode: 503 });
    await expect(bruin.openOutageTickets({ clientId: '9994' })).rejects.toThrow(/503/);
    const dead = createVendorHttp('t7', `http://127.0.0.1:${await freePort()}`, { timeoutMs: 2000 });
    await expect(
      dead.call({ method: 'GET', path: '/x', endpoint: 'GET predictions', schema: z.unknown() }),
    ).rejects.toThrow();
    const text = await metrics.registry.metrics();
    const count = (labels: string) =>
      Number(
        new RegExp(`^automation_engine_vendor_request_duration_seconds_count\\{${labels}\\} (\\d+)$`, 'm').exec(
          text,
        )?.[1] ?? 0,
      );
    expect(count('vendor="bruin",endpoint="GET /api/Ticket",outcome="2xx"')).toBe(1);
    expect(count('vendor="bruin",endpoint="GET /api/Ticket",outcome="5xx"')).toBe(1);
    expect(count('vendor="t7",endpoint="GET predictions",outcome="network"')).toBe(1);
    expect(text).toContain(
      'automation_engine_vendor_errors_total{vendor="bruin",endpoint="GET /api/Ticket",outcome="5xx"} 1',
    );
    expect(text).toContain(
      'automation_engine_vendor_errors_total{vendor="t7",endpoint="GET predictions",outcome="network"} 1',
    );
    expect(text).not.toMatch(/vendor_errors_total\{[^}]*outcome="2xx"/);
  });

  it('count tickets by category and what Bruin answered, status changes, and notes by kind, once per side effect', async () => {
    const { bruin } = sandboxVendorActivities(sb);
    const created = await bruin.createOutageTicket({ clientId: '9994', serviceNumber: 'VC05200028729' });
    await bruin.createOutageTicket({ clientId: '9994', serviceNumber: 'VC05200028729' });
    await bruin.createVasTicket({ clientId: '9994', serviceNumber: 'VC05200028729' });
    await bruin.resolveOutageTicket({ ticketId: created.ticketId, serviceNumber: 'VC05200028729' });
    await bruin.unresolveOutageTicket({ ticketId: created.ticketId, serviceNumber: 'VC05200028729' });
    const note = tnbaNote({ name: 'Wait for Customer', probability: 0.8 }, 'Holmdel NOC Investigate');
    const env = new MockActivityEnvironment({ attempt: 1 });
    await env.run(bruin.appendTicketNote, { ticketId: created.ticketId, note });
    // A retry that finds its note already written counts nothing more.
    await new MockActivityEnvironment({ attempt: 2, scheduledTimestampMs: Date.now() - 60_000 }).run(
      bruin.appendTicketNote,
      {
        ticketId: created.ticketId,
        note,
      },
    );
    const text = await metrics.registry.metrics();
    expect(text).toContain('automation_engine_tickets_total{category="VOO",outcome="created"} 1');
    expect(text).toContain('automation_engine_tickets_total{category="VOO",outcome="in-progress-exists"} 1');
    expect(text).toContain('automation_engine_tickets_total{category="VAS",outcome="created"} 1');
    expect(text).toContain('automation_engine_ticket_status_changes_total{status="resolved"} 1');
    expect(text).toContain('automation_engine_ticket_status_changes_total{status="reopened"} 1');
    expect(text).toContain('automation_engine_ticket_notes_total{kind="tnba"} 1');
  });

  it('count the devices a monitor left alone under a maintenance window, by monitor', async () => {
    reportBusinessEvent({ kind: 'in-maintenance', monitor: 'outage', devices: 10 });
    reportBusinessEvent({ kind: 'in-maintenance', monitor: 'outage', devices: 10 });
    reportBusinessEvent({ kind: 'in-maintenance', monitor: 'hawkeye', devices: 1 });
    const text = await metrics.registry.metrics();
    expect(text).toContain('automation_engine_devices_in_maintenance_total{monitor="outage"} 20');
    expect(text).toContain('automation_engine_devices_in_maintenance_total{monitor="hawkeye"} 1');
  });
});
