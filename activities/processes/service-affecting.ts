import { reportBusinessEvent } from '../business-events';
import type { MaintenanceWindowStore } from '../../store/maintenance-windows';
import { maintenanceLookup } from './maintenance-lookup';
import { log } from '@temporalio/activity';
import {
  holdsTrouble,
  INSTABILITY_EVENTS,
  instability,
  linkTroubles,
  type Thresholds,
  type TroubledEdge,
} from '../../domain/service-affecting';
import { resumableEach } from '../resumable';
import { invalidInput } from '../vendor-errors';
import type { VelocloudClient } from '../velocloud/client';
import { serialsByClient, type EdgeOwners } from '../velocloud/owners';
import type { VcoLinkMetric } from '../velocloud/schemas';

// The service-affecting monitor's step on the velocloud queue: VeloCloud's link metrics and events of
// a batch of enterprises, judged by the domain's thresholds.

/** What one batch of the service-affecting scan found: troubled edges in full, the rest as counts and serials. */
export interface ServiceAffectingScan {
  checked: number;
  unmonitored: number;
  troubled: TroubledEdge[];
  /**
   * Edges over no raise level but not yet under every clear level (hysteresis): neither noted nor auto-resolved.
   * Absent from scans before hysteresis.
   */
  holding?: number;
  /** Edges in a maintenance window: neither noted nor auto-resolved, counted. */
  inMaintenance?: number;
  /** Edges with no trouble now (every figure under its clear level), per Bruin client: the monitor may auto-resolve their open VAS tickets. */
  clear: Array<{ clientId: string; serialNumbers: string[] }>;
  discards: Array<{ device: string; reason: string }>;
}

const MINUTE = 60_000;

/** The domain's view of a VCO link metric record. */
const linkMetrics = (m: VcoLinkMetric) => ({
  interface: m.link.interface,
  linkName: m.link.displayName || m.link.interface,
  wireless: m.link.serviceGroups.includes('PUBLIC_WIRELESS'),
  latencyMs: { rx: m.bestLatencyMsRx, tx: m.bestLatencyMsTx },
  jitterMs: { rx: m.bestJitterMsRx, tx: m.bestJitterMsTx },
  lossPct: { rx: m.bestLossPctRx, tx: m.bestLossPctTx },
  bytes: { rx: m.bytesRx, tx: m.bytesTx },
  bandwidthBps: { rx: m.bpsOfBestPathRx, tx: m.bpsOfBestPathTx },
});

export function createServiceAffectingSteps(
  client: VelocloudClient,
  owners: EdgeOwners,
  maintenance?: MaintenanceWindowStore,
) {
  return {
    /**
     * The service-affecting scan of these enterprises, as of `at` (the workflow's time): per enterprise
     * one link-metrics call over the scan window and one events read over the instability window;
     * every monitored edge's troubles. A malformed metrics record is discarded with its reason.
     */
    async scanServiceAffecting({
      host,
      enterpriseIds,
      thresholds,
      at,
    }: {
      host: string;
      enterpriseIds: number[];
      thresholds: Thresholds;
      at: string;
    }): Promise<ServiceAffectingScan> {
      const end = new Date(at);
      if (Number.isNaN(end.getTime())) throw invalidInput('scanServiceAffecting: field "at" must be an ISO instant');
      const clients = await owners();
      const inMaintenance = await maintenanceLookup(maintenance, end);
      const perEnterprise = await resumableEach('scanServiceAffecting', enterpriseIds, String, async (enterpriseId) => {
        const metrics = await client.enterpriseLinkMetrics(
          host,
          enterpriseId,
          new Date(end.getTime() - thresholds.scanMinutes * MINUTE),
          end,
        );
        const events = await client.enterpriseEventCounts(
          host,
          enterpriseId,
          INSTABILITY_EVENTS,
          new Date(end.getTime() - thresholds.instabilityScanMinutes * MINUTE),
          end,
        );
        const scan = {
          checked: 0,
          unmonitored: 0,
          holding: 0,
          inMaintenance: 0,
          troubled: [] as TroubledEdge[],
          clear: [] as Array<[clientId: string, serialNumber: string]>,
          discards: metrics.invalid.map((bad) => ({
            device: `${host}/${enterpriseId}/${bad.item}`,
            reason: bad.reason,
          })),
        };
        for (const d of scan.discards) log.warn('malformed link metrics discarded; the scan goes on', d);
        const byEdge = new Map<number, VcoLinkMetric[]>();
        for (const m of metrics.valid) byEdge.set(m.link.edgeId, [...(byEdge.get(m.link.edgeId) ?? []), m]);
        for (const [edgeId, links] of byEdge) {
          const { edgeName, edgeSerialNumber: serialNumber } = links[0].link;
          const owner = clients.get(serialNumber);
          if (!owner) {
            scan.unmonitored++;
            continue;
          }
          scan.checked++;
          if (inMaintenance({ serialNumber, clientId: owner.clientId, host, enterpriseId })) {
            scan.inMaintenance++;
            continue;
          }
          const eventCount = events.get(edgeName) ?? 0;
          const unstable = instability(eventCount, thresholds);
          const figures = links.map(linkMetrics);
          const troubles = [...figures.flatMap((l) => linkTroubles(l, thresholds)), ...(unstable ? [unstable] : [])];
          if (troubles.length > 0)
            scan.troubled.push({
              host,
              enterpriseId,
              edgeId,
              edgeName,
              serialNumber,
              clientId: owner.clientId,
              troubles,
            });
          else if (holdsTrouble(figures, eventCount, thresholds)) scan.holding++;
          else scan.clear.push([owner.clientId, serialNumber]);
        }
        return scan;
      });
      const scans = perEnterprise.map(({ result }) => result);
      const covered = scans.reduce((n, s) => n + s.inMaintenance, 0);
      if (covered) reportBusinessEvent({ kind: 'in-maintenance', monitor: 'service-affecting', devices: covered });
      return {
        checked: scans.reduce((n, s) => n + s.checked, 0),
        unmonitored: scans.reduce((n, s) => n + s.unmonitored, 0),
        holding: scans.reduce((n, s) => n + s.holding, 0),
        ...(covered ? { inMaintenance: covered } : {}),
        troubled: scans.flatMap((s) => s.troubled),
        clear: serialsByClient(scans.flatMap((s) => s.clear)),
        discards: scans.flatMap((s) => s.discards),
      };
    },
  };
}
