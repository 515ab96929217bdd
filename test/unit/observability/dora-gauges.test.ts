import { Registry } from 'prom-client';
import { doraKeys } from '../../../domain/dora';
import { registerDoraGauges } from '../../../observability/dora-gauges';

describe('DORA gauges', () => {
  it('serve the stored results, one store read per scrape; a key with nothing measured is absent', async () => {
    const now = Date.parse('2026-11-20T00:00:00Z');
    const keys = doraKeys([{ time: '2026-11-19T00:00:00Z', repo: 'api', event: 'deploy' }], 'api', 30, now);
    let reads = 0;
    const registry = new Registry();
    registerDoraGauges(registry, async () => {
      reads++;
      return [{ computedAt: '2026-11-20T00:00:00.000Z', keys }];
    });
    const text = await registry.metrics();
    expect(reads).toBe(1);
    expect(text).toContain('automation_engine_dora_deployments{repo="api",window_days="30"} 1');
    expect(text).toContain('automation_engine_dora_computed_timestamp_seconds{repo="api",window_days="30"} 1795132800');
    expect(text).toContain('automation_engine_dora_level{repo="api",window_days="30",key="deployment_frequency"} 2');
    expect(text).toContain('automation_engine_dora_change_failure_rate{repo="api",window_days="30"} 0');
    expect(text).not.toMatch(/automation_engine_dora_lead_time_hours\{/);
    expect(text).not.toMatch(/key="lead_time"/);
  });
});
