import { Registry } from 'prom-client';
import { parseScope, type MaintenanceWindow } from '../../../domain/maintenance';
import { registerMaintenanceGauges } from '../../../observability/maintenance-gauges';

describe('maintenance gauges', () => {
  it('count the open windows by what they cover, 0 for a kind with none', async () => {
    const window = (scope: string): MaintenanceWindow => ({
      id: scope,
      scope: parseScope(scope)!,
      start: '2026-12-03T15:00:00Z',
      end: '2026-12-03T17:00:00Z',
      timeZone: 'UTC',
      reason: 'r',
      setBy: 'u',
    });
    const registry = new Registry();
    registerMaintenanceGauges(registry, async () => [
      window('device:VC0001'),
      window('device:VC0002'),
      window('client:9'),
    ]);
    const text = await registry.metrics();
    expect(text).toContain('automation_engine_maintenance_windows_open{scope="device"} 2');
    expect(text).toContain('automation_engine_maintenance_windows_open{scope="client"} 1');
    expect(text).toContain('automation_engine_maintenance_windows_open{scope="enterprise"} 0');
  });
});
