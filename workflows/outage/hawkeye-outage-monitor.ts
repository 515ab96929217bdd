import type { Duration } from '@temporalio/common';
import { ParentClosePolicy, executeChild, setCurrentDetails, startChild, workflowInfo } from '@temporalio/workflow';
import { mapBounded, pageOffsets } from '../../domain/batches';
import { SearchAttr } from '../../domain/search-attributes';
import { customerCacheWorkflowId, hawkeyeRecheckWorkflowId } from '../../domain/workflow-ids';
import { appStore, hawkeye } from '../activities';
import { finishCycle, startRecheckOnce, type OutageCycleResult } from './cycle';
import { HAWKEYE_PAGE, hawkeyeCustomerCacheRefresh } from './hawkeye-customer-cache-refresh';
import { hawkeyeRecheck } from './hawkeye-recheck';
import { autoUpgrade } from '../versioning';

export interface HawkeyeOutageMonitorInput {
  dryRun?: boolean;
  pageSize?: number;
  concurrency?: number;
  recheckDelay?: Duration;
}

/** One Hawkeye outage cycle: pages through the probes, rechecks offline ones, resolves tickets of probes back online. */
export async function hawkeyeOutageMonitor(input: HawkeyeOutageMonitorInput = {}): Promise<OutageCycleResult> {
  const dryRun = input.dryRun ?? false;
  const size = input.pageSize ?? HAWKEYE_PAGE;
  const concurrency = input.concurrency ?? 4;
  if (!(await appStore.customerCacheSummary({ source: 'hawkeye' }))) {
    setCurrentDetails('No Hawkeye customer cache yet: building it first');
    await executeChild(hawkeyeCustomerCacheRefresh, {
      workflowId: customerCacheWorkflowId('hawkeye', workflowInfo().workflowId),
      args: [{ pageSize: size }],
    });
  }
  const first = await hawkeye.checkProbes({ offset: 0, limit: size });
  const rest = await mapBounded(pageOffsets(first.total, size).slice(1), concurrency, (offset) =>
    hawkeye.checkProbes({ offset, limit: size }),
  );
  const checks = [first, ...rest];
  const faulty = checks.flatMap((c) => c.faulty);

  setCurrentDetails(`${faulty.length} probes look offline: rechecking each`);
  const rechecks = await Promise.all(
    faulty.map((probe) =>
      startRecheckOnce(() =>
        startChild(hawkeyeRecheck, {
          workflowId: hawkeyeRecheckWorkflowId(probe.serialNumber),
          args: [
            { serialNumber: probe.serialNumber, clientId: probe.clientId, recheckDelay: input.recheckDelay, dryRun },
          ],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          staticSummary: `Recheck Hawkeye probe ${probe.name} (${probe.serialNumber})`,
          typedSearchAttributes: [
            { key: SearchAttr.EdgeId, value: probe.serialNumber },
            { key: SearchAttr.ClientId, value: probe.clientId },
          ],
        }),
      ),
    ),
  );
  return finishCycle({ devices: 'probes offline', checks, inOutage: faulty.length, rechecks, dryRun, concurrency });
}
autoUpgrade(hawkeyeOutageMonitor);
