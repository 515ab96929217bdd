import { reportBusinessEvent } from '../business-events';
import { log } from '@temporalio/activity';
import { probeInOutage, type ProbeReading } from '../../domain/outage';
import type { CustomerCache, CustomerCacheEntry } from '../../store/customer-cache';
import type { MaintenanceWindowStore } from '../../store/maintenance-windows';
import { maintenanceLookup } from '../processes/maintenance-lookup';
import type { VendorHttp } from '../vendor-http';
import { probe, probePage } from './schemas';

export interface ProbeCheck {
  total: number;
  checked: number;
  unmonitored: number;
  /** Probes in a maintenance window: left alone (neither faulty nor healthy), counted. */
  inMaintenance?: number;
  faulty: Array<ProbeReading & { clientId: string }>;
  healthy: Array<{ clientId: string; serialNumbers: string[] }>;
  /** Probes Hawkeye sent malformed (by serial), each with the reason: left out, the rest checked. */
  discards: Array<{ device: string; reason: string }>;
}

/** Hawkeye activity factory (`hawkeye` queue); the monitor's page check reads the customer cache. */
export function createHawkeyeActivities(http: VendorHttp, cache?: CustomerCache, maintenance?: MaintenanceWindowStore) {
  const page = (offset: number, limit: number) =>
    http.call({
      method: 'GET',
      path: '/api/v1/probes',
      endpoint: 'GET /api/v1/probes',
      schema: probePage,
      params: { offset, limit },
    });
  return {
    async probeStatus({ serialNumber }: { serialNumber: string }): Promise<ProbeReading> {
      return http.call({
        method: 'GET',
        path: `/api/v1/probes/${encodeURIComponent(serialNumber)}`,
        endpoint: 'GET /api/v1/probes/<serial>',
        schema: probe,
      });
    },

    /** One page of probe serials, for the customer cache refresh. */
    async probeInventory({
      offset,
      limit,
    }: {
      offset: number;
      limit: number;
    }): Promise<{ total: number; serialNumbers: string[] }> {
      const { total, probes } = await page(offset, limit);
      for (const bad of probes.invalid)
        log.warn('malformed probe left out of the customer cache', { probe: bad.item, reason: bad.reason });
      return { total, serialNumbers: probes.valid.map((p) => p.serialNumber) };
    },

    /** One page of probes, classified; probes no Bruin client owns are not monitored. */
    async checkProbes({ offset, limit }: { offset: number; limit: number }): Promise<ProbeCheck> {
      if (!cache) throw new Error('hawkeye activities were built without the customer cache');
      const owners = new Map<string, CustomerCacheEntry>(
        ((await cache.customerCache('hawkeye'))?.entries ?? []).map((e) => [e.serialNumber, e]),
      );
      const { total, probes } = await page(offset, limit);
      const inMaintenance = await maintenanceLookup(maintenance, new Date());
      const result: ProbeCheck = { total, checked: 0, unmonitored: 0, faulty: [], healthy: [], discards: [] };
      const healthy = new Map<string, string[]>();
      for (const bad of probes.invalid) {
        log.warn('malformed probe discarded; the cycle goes on', { probe: bad.item, reason: bad.reason });
        result.discards.push({ device: bad.item, reason: bad.reason });
      }
      for (const p of probes.valid) {
        const owner = owners.get(p.serialNumber);
        if (!owner) {
          result.unmonitored++;
          continue;
        }
        result.checked++;
        // Under planned work: left alone, counted (the next cycle after the window looks again).
        if (inMaintenance({ serialNumber: p.serialNumber, clientId: owner.clientId })) {
          result.inMaintenance = (result.inMaintenance ?? 0) + 1;
          continue;
        }
        if (probeInOutage(p)) result.faulty.push({ ...p, clientId: owner.clientId });
        else healthy.set(owner.clientId, [...(healthy.get(owner.clientId) ?? []), p.serialNumber]);
      }
      result.healthy = [...healthy].map(([clientId, serialNumbers]) => ({ clientId, serialNumbers }));
      if (result.inMaintenance)
        reportBusinessEvent({ kind: 'in-maintenance', monitor: 'hawkeye', devices: result.inMaintenance });
      return result;
    },
  };
}
export type HawkeyeActivities = ReturnType<typeof createHawkeyeActivities>;
