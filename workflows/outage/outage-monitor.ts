import { WorkflowExecutionAlreadyStartedError, type Duration } from '@temporalio/common';
import {
  ParentClosePolicy, executeChild, setCurrentDetails, startChild, upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import { chunk, mapBounded } from '../../domain/batches';
import { AUTOMATION_MARKER } from '../../domain/outage';
import { SearchAttr } from '../../domain/search-attributes';
import { outageRecheckWorkflowId } from '../../domain/workflow-ids';
import { appStore, bruin, velocloud, velocloudOptions } from './activities';
import { customerCacheRefresh } from './customer-cache-refresh';
import { edgeOutageRecheck, type IntendedAction, type RecheckResult } from './edge-outage-recheck';

export interface OutageMonitorInput {
  hosts: string[];
  dryRun?: boolean;
  /** Enterprises read per VeloCloud activity (statuses are fetched per enterprise, not per edge). */
  enterprisesPerBatch?: number;
  /** Batches in flight at once. */
  concurrency?: number;
  recheckDelay?: Duration;
  rebootDigi?: boolean;
}

export interface OutageMonitorResult {
  edgesChecked: number;
  unmonitored: number;
  inOutage: number;
  rechecksStarted: number;
  /** Faulty edges whose recheck another cycle is already running. */
  alreadyRechecking: number;
  recovered: number;
  ticketsCreated: number;
  ticketsUnresolved: number;
  ticketsInProgress: number;
  ticketsResolved: number;
  dryRun: boolean;
  /** In dry-run mode: everything the cycle would have done. */
  intendedActions: Array<IntendedAction | { action: 'resolve-ticket'; ticketId: string }>;
}

/** Resolves the open outage tickets of edges that are healthy again (one Bruin query per client). */
async function resolveRecoveredEdges(healthy: Array<{ clientId: string; serialNumbers: string[] }>, dryRun: boolean, concurrency: number) {
  const resolved: string[] = [];
  await mapBounded(healthy, concurrency, async ({ clientId, serialNumbers }) => {
    const healthySerials = new Set(serialNumbers);
    const open = (await bruin.openOutageTickets({ clientId })).filter((t) => healthySerials.has(t.serviceNumber));
    for (const ticket of open) {
      if (!dryRun) {
        await bruin.appendTicketNote({ ticketId: ticket.ticketId, note: `${AUTOMATION_MARKER}\nAuto-resolving ticket: edge ${ticket.serviceNumber} is healthy again.` });
        await bruin.resolveOutageTicket({ ticketId: ticket.ticketId, serviceNumber: ticket.serviceNumber });
      }
      resolved.push(ticket.ticketId);
    }
  });
  return resolved;
}

/**
 * One outage monitoring cycle: pages through the monitored edges enterprise by enterprise, starts
 * one recheck per faulty edge (at most one per edge, whatever overlaps), and resolves the outage
 * tickets of edges that are healthy again.
 */
export async function outageMonitor(input: OutageMonitorInput): Promise<OutageMonitorResult> {
  const dryRun = input.dryRun ?? false;
  const concurrency = input.concurrency ?? 8;
  let cache = await appStore.customerCacheSummary({ source: 'velocloud' });
  if (!cache) {
    setCurrentDetails('No customer cache yet: building it first');
    await executeChild(customerCacheRefresh, { workflowId: `customer-cache/velocloud/${workflowInfo().workflowId}`, args: [{ hosts: input.hosts }] });
    cache = await appStore.customerCacheSummary({ source: 'velocloud' });
  }
  const batches = (cache?.hosts ?? [])
    .filter((h) => input.hosts.includes(h.host))
    .flatMap((h) => chunk(h.enterpriseIds, input.enterprisesPerBatch ?? 10).map((enterpriseIds) => ({ host: h.host, enterpriseIds })));

  setCurrentDetails(`Checking ${cache?.edges ?? 0} edges in ${batches.length} batches`);
  const checks = await mapBounded(batches, concurrency, (b) => velocloud.checkEdges.executeWithOptions(
    { ...velocloudOptions, summary: `Check ${b.enterpriseIds.length} enterprises on ${b.host}` }, [b]));
  const faulty = checks.flatMap((c) => c.faulty);

  setCurrentDetails(`${faulty.length} edges look down: rechecking each`);
  const rechecks = await Promise.all(faulty.map(async (edge) => {
    try {
      return await startChild(edgeOutageRecheck, {
        workflowId: outageRecheckWorkflowId(edge.host, edge.edgeId),
        args: [{ host: edge.host, enterpriseId: edge.enterpriseId, edgeId: edge.edgeId, serialNumber: edge.serialNumber, clientId: edge.clientId, recheckDelay: input.recheckDelay, dryRun, rebootDigi: input.rebootDigi }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        staticSummary: `Recheck edge ${edge.name} (${edge.host}/${edge.edgeId})`,
        typedSearchAttributes: [{ key: SearchAttr.EdgeId, value: `${edge.host}/${edge.edgeId}` }, { key: SearchAttr.ClientId, value: edge.clientId }],
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return undefined; // another cycle is on it
      throw err;
    }
  }));

  const healthy = checks.flatMap((c) => c.healthy);
  const resolved = await resolveRecoveredEdges(healthy, dryRun, concurrency);
  const outcomes: RecheckResult[] = await Promise.all(rechecks.flatMap((h) => (h ? [h.result()] : [])));
  const count = (o: RecheckResult['outcome']) => outcomes.filter((r) => r.outcome === o).length;

  const result: OutageMonitorResult = {
    edgesChecked: checks.reduce((n, c) => n + c.checked, 0),
    unmonitored: checks.reduce((n, c) => n + c.unmonitored, 0),
    inOutage: faulty.length,
    rechecksStarted: rechecks.filter(Boolean).length,
    alreadyRechecking: rechecks.filter((h) => !h).length,
    recovered: count('recovered'),
    ticketsCreated: count('ticket-created'),
    ticketsUnresolved: count('ticket-unresolved'),
    ticketsInProgress: count('ticket-in-progress'),
    ticketsResolved: dryRun ? 0 : resolved.length,
    dryRun,
    intendedActions: dryRun ? [...outcomes.flatMap((o) => o.actions), ...resolved.map((ticketId) => ({ action: 'resolve-ticket' as const, ticketId }))] : [],
  };
  setCurrentDetails(`Outage check: ${result.inOutage} of ${result.edgesChecked} edges down; ${result.ticketsCreated} created, ${result.ticketsUnresolved} unresolved, ${result.ticketsResolved} resolved`);
  upsertSearchAttributes([{ key: SearchAttr.Outcome, value: dryRun ? 'dry-run' : result.inOutage > 0 ? 'outages' : 'all-healthy' }]);
  return result;
}
