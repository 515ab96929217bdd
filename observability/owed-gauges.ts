import { Gauge, type Registry } from 'prom-client';
import type { OwedSummary } from '../store/owed-work';
import { collectFromStore, perScrape } from './per-scrape';

/** Every kind of owed subject, so each has a series (0 when nothing is owed) for the dashboards and alert rule. */
const KINDS = ['outage-ticket', 'vas-ticket', 'ticket', 'report', 'dispatch', 'ops-notice'] as const;

/**
 * Owed side effects read from the store at scrape time: how many subjects (a device's outage ticket, a ticket)
 * wait for a vendor to take what the engine decided, and how long the oldest has waited. The alert rule
 * `SideEffectsOwedTooLong` fires past 30 minutes.
 */
export function registerOwedGauges(registry: Registry, summary: () => Promise<OwedSummary[]>): void {
  const read = perScrape(summary);
  const gauge = (name: string, help: string, value: (s: OwedSummary) => number) =>
    new Gauge({
      name: `automation_engine_${name}`,
      help,
      labelNames: ['kind'] as const,
      registers: [registry],
      async collect() {
        await collectFromStore(this, async () => {
          const byKind = new Map((await read()).map((s) => [s.kind, s]));
          for (const kind of new Set<string>([...KINDS, ...byKind.keys()])) {
            const s = byKind.get(kind);
            this.set({ kind }, s ? value(s) : 0);
          }
        });
      },
    });
  gauge(
    'owed_subjects',
    'Subjects (device outage tickets, service-affecting tickets, tickets, report emails, dispatches, ops notices) with side effects owed, by kind',
    (s) => s.subjects,
  );
  gauge(
    'owed_oldest_seconds',
    'Seconds the oldest owed side effect of a kind has waited for its vendor (0: nothing owed)',
    (s) => (Date.now() - s.oldestSince.getTime()) / 1000,
  );
}
