import type { Duration } from '@temporalio/common';
import { ParentClosePolicy, executeChild, setCurrentDetails, sleep, startChild, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { mapBounded } from '../../domain/batches';
import { probeInOutage, probeOutageNote } from '../../domain/outage';
import { SearchAttr } from '../../domain/search-attributes';
import { hawkeyeRecheckWorkflowId } from '../../domain/workflow-ids';
import { appStore, bruinBulk, hawkeye } from '../activities';
import { resolveRecovered, startRecheckOnce, tallyCycle, type OutageCycleResult } from './cycle';
import { finishRecheck, raiseOutageTicket, type RecheckResult } from './raise-outage-ticket';

const PAGE = 200;

/** Pages of `size` over `total` items, as offsets. */
const offsets = (total: number, size: number) => Array.from({ length: Math.ceil(total / size) }, (_, i) => i * size);

/** Crosses every Hawkeye probe with its Bruin client (by serial); commits in one step or keeps the last good cache. */
export async function hawkeyeCustomerCacheRefresh(input: { pageSize?: number } = {}): Promise<{ probes: number; unowned: number; refreshedAt: string }> {
  const size = input.pageSize ?? PAGE;
  const generation = workflowInfo().runId;
  const first = await hawkeye.probeInventory({ offset: 0, limit: size });
  let unowned = 0;
  await mapBounded(offsets(first.total, size), 4, async (offset) => {
    const { serialNumbers } = offset === 0 ? first : await hawkeye.probeInventory({ offset, limit: size });
    const owners = await bruinBulk.clientsForSerials({ serialNumbers });
    const entries = serialNumbers.filter((s) => owners[s]).map((serialNumber) => ({ serialNumber, clientId: owners[serialNumber] }));
    unowned += serialNumbers.length - entries.length;
    await appStore.stageCustomerCache({ source: 'hawkeye', generation, entries });
  });
  const { edges, refreshedAt } = await appStore.commitCustomerCache({ source: 'hawkeye', generation });
  return { probes: edges, unowned, refreshedAt };
}

export interface HawkeyeRecheckInput { serialNumber: string; clientId: string; recheckDelay?: Duration; dryRun?: boolean }

/** The Hawkeye probe recheck: wait, look again, and only then raise the outage ticket. */
export async function hawkeyeRecheck(input: HawkeyeRecheckInput): Promise<RecheckResult> {
  setCurrentDetails(`Probe ${input.serialNumber} looked offline; rechecking in ${String(input.recheckDelay ?? '5s')}`);
  await sleep(input.recheckDelay ?? '5s');
  const probe = await hawkeye.probeStatus({ serialNumber: input.serialNumber });
  if (!probeInOutage(probe)) return finishRecheck({ outcome: 'recovered', actions: [] });
  return raiseOutageTicket({
    clientId: input.clientId,
    serviceNumber: input.serialNumber,
    note: probeOutageNote(probe, new Date(workflowInfo().runStartTime).toISOString()),
    slackText: (ticketId) => `Outage ticket ${ticketId} created for Hawkeye probe ${probe.name} (${probe.serialNumber})`,
    dryRun: input.dryRun ?? false,
  });
}

export interface HawkeyeOutageMonitorInput { dryRun?: boolean; pageSize?: number; concurrency?: number; recheckDelay?: Duration }

/** One Hawkeye outage cycle: pages through the probes, rechecks offline ones, resolves tickets of probes back online. */
export async function hawkeyeOutageMonitor(input: HawkeyeOutageMonitorInput = {}): Promise<OutageCycleResult> {
  const dryRun = input.dryRun ?? false;
  const size = input.pageSize ?? PAGE;
  const concurrency = input.concurrency ?? 4;
  if (!(await appStore.customerCacheSummary({ source: 'hawkeye' }))) {
    setCurrentDetails('No Hawkeye customer cache yet: building it first');
    await executeChild(hawkeyeCustomerCacheRefresh, { workflowId: `customer-cache/hawkeye/${workflowInfo().workflowId}`, args: [{ pageSize: size }] });
  }
  const first = await hawkeye.checkProbes({ offset: 0, limit: size });
  const rest = await mapBounded(offsets(first.total, size).slice(1), concurrency, (offset) => hawkeye.checkProbes({ offset, limit: size }));
  const checks = [first, ...rest];
  const faulty = checks.flatMap((c) => c.faulty);

  setCurrentDetails(`${faulty.length} probes look offline: rechecking each`);
  const rechecks = await Promise.all(faulty.map((probe) => startRecheckOnce(() => startChild(hawkeyeRecheck, {
    workflowId: hawkeyeRecheckWorkflowId(probe.serialNumber),
    args: [{ serialNumber: probe.serialNumber, clientId: probe.clientId, recheckDelay: input.recheckDelay, dryRun }],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    staticSummary: `Recheck Hawkeye probe ${probe.name} (${probe.serialNumber})`,
    typedSearchAttributes: [{ key: SearchAttr.EdgeId, value: probe.serialNumber }, { key: SearchAttr.ClientId, value: probe.clientId }],
  }))));
  const resolved = await resolveRecovered(checks.flatMap((c) => c.healthy), dryRun, concurrency);
  const result = await tallyCycle({
    checked: checks.reduce((n, c) => n + c.checked, 0), unmonitored: checks.reduce((n, c) => n + c.unmonitored, 0),
    inOutage: faulty.length, rechecks, resolved, dryRun,
  });
  setCurrentDetails(`Hawkeye check: ${result.inOutage} of ${result.edgesChecked} probes offline; ${result.ticketsCreated} created, ${result.ticketsResolved} resolved`);
  upsertSearchAttributes([{ key: SearchAttr.Outcome, value: dryRun ? 'dry-run' : result.inOutage > 0 ? 'outages' : 'all-healthy' }]);
  return result;
}
