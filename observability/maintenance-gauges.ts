import { Gauge, type Registry } from 'prom-client';
import type { MaintenanceWindow } from '../domain/maintenance';
import { collectFromStore, perScrape } from './per-scrape';

const SCOPES = ['enterprise', 'client', 'device'] as const;

/**
 * The maintenance windows open now, read from the store at scrape time, by what they cover: a dashboard shows what is
 * silenced, and an alert can say a window is left open (the cycles' results count the devices left alone).
 */
export function registerMaintenanceGauges(registry: Registry, open: () => Promise<MaintenanceWindow[]>): void {
  const read = perScrape(open);
  new Gauge({
    name: 'automation_engine_maintenance_windows_open',
    help: 'Maintenance windows open now, by what they cover (enterprise, client or device): monitors leave those devices alone',
    labelNames: ['scope'] as const,
    registers: [registry],
    async collect() {
      await collectFromStore(this, async () => {
        const windows = await read();
        for (const scope of SCOPES) this.set({ scope }, windows.filter((w) => w.scope.kind === scope).length);
      });
    },
  });
}
