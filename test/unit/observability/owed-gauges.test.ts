import { Registry } from 'prom-client';
import { registerOwedGauges } from '../../../observability/owed-gauges';
import type { OwedSummary } from '../../../store/owed-work';

describe('owed-work gauges', () => {
  it('count owed subjects per kind and the oldest wait, with a 0 series for every kind when nothing is owed', async () => {
    let owed: OwedSummary[] = [];
    const registry = new Registry();
    registerOwedGauges(registry, async () => owed);
    const none = await registry.metrics();
    expect(none).toContain('automation_engine_owed_subjects{kind="outage-ticket"} 0');
    expect(none).toContain('automation_engine_owed_subjects{kind="ticket"} 0');
    expect(none).toContain('automation_engine_owed_oldest_seconds{kind="outage-ticket"} 0');
    owed = [{ kind: 'outage-ticket', subjects: 3, oldestSince: new Date(Date.now() - 40 * 60_000) }];
    await new Promise((r) => setTimeout(r, 1100)); // past the per-scrape reuse
    const text = await registry.metrics();
    expect(text).toContain('automation_engine_owed_subjects{kind="outage-ticket"} 3');
    expect(text).toContain('automation_engine_owed_subjects{kind="ticket"} 0');
    const oldest = Number(/^automation_engine_owed_oldest_seconds\{kind="outage-ticket"\} (\S+)$/m.exec(text)?.[1]);
    expect(oldest).toBeGreaterThanOrEqual(2400);
    expect(oldest).toBeLessThan(2460);
  });
});
