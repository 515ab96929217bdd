import { log } from '@temporalio/activity';
import { isStale, type StaleEdge } from '../../domain/reports/last-contact';
import { edgeMonitorUrl } from '../../domain/service-affecting';
import { resumableEach } from '../resumable';
import { invalidInput } from '../vendor-errors';
import type { VelocloudClient } from '../velocloud/client';
import type { VcoEdge } from '../velocloud/schemas';

// The monthly last-contact report's step on the velocloud queue: one orchestrator's stale edges.

/** What the last-contact report found on one orchestrator. */
export interface LastContactScan {
  checked: number;
  stale: StaleEdge[];
  /** Edges whose dates VeloCloud sent unreadable, each with the reason: left out of the report. */
  discards: Array<{ device: string; reason: string }>;
}

const isInstant = (text: string | null | undefined): text is string => !!text && !Number.isNaN(Date.parse(text));

/** An edge's place in the last-contact report: stale, fresh, or unreadable (with the reason). */
function lastContactOf(e: VcoEdge, asOf: string, days: number): 'fresh' | { reason: string } | { lastContact: string } {
  if (e.edgeState === 'NEVER_ACTIVATED') return 'fresh';
  if (!isInstant(e.lastContact)) return { reason: 'field "lastContact" is missing or not a date' };
  if (e.activationTime && !isInstant(e.activationTime)) return { reason: 'field "activationTime" is not a date' };
  return isStale(e.lastContact, asOf, days) ? { lastContact: new Date(e.lastContact).toISOString() } : 'fresh';
}

export function createLastContactReportSteps(client: VelocloudClient) {
  return {
    /**
     * The last-contact report's read of one orchestrator: every activated edge of every enterprise
     * (one call each) whose last contact is more than `days` before `asOf`, with what the report shows.
     */
    async lastContactScan({
      host,
      asOf,
      days,
    }: {
      host: string;
      asOf: string;
      days: number;
    }): Promise<LastContactScan> {
      if (!isInstant(asOf)) throw invalidInput('lastContactScan: field "asOf" must be an ISO instant');
      const enterprises = await client.listEnterprises(host);
      const perEnterprise = await resumableEach(
        'lastContactScan',
        enterprises,
        (e) => String(e.id),
        async (enterprise) => {
          const edges = await client.enterpriseEdges(host, enterprise.id);
          const scan: LastContactScan = {
            checked: 0,
            stale: [],
            discards: edges.invalid.map((bad) => ({
              device: `${host}/${enterprise.id}/${bad.item}`,
              reason: bad.reason,
            })),
          };
          for (const e of edges.valid) {
            scan.checked++;
            const found = lastContactOf(e, asOf, days);
            if (found === 'fresh') continue;
            if ('reason' in found) {
              scan.discards.push({ device: `${host}/${enterprise.id}/${e.id}`, reason: found.reason });
              continue;
            }
            const where = { host, enterpriseId: enterprise.id, edgeId: e.id };
            scan.stale.push({
              ...where,
              enterpriseName: enterprise.name,
              name: e.name,
              serialNumber: e.serialNumber,
              modelNumber: e.modelNumber ?? '',
              lastContact: found.lastContact,
              ...(e.activationTime ? { activatedAt: new Date(e.activationTime).toISOString() } : {}),
              monitorUrl: edgeMonitorUrl(where),
            });
          }
          for (const d of scan.discards) log.warn('edge left out of the last-contact report', d);
          return scan;
        },
      );
      const scans = perEnterprise.map(({ result }) => result);
      return {
        checked: scans.reduce((n, s) => n + s.checked, 0),
        stale: scans.flatMap((s) => s.stale),
        discards: scans.flatMap((s) => s.discards),
      };
    },
  };
}
