import type { Duration } from '@temporalio/common';
import { setCurrentDetails, sleep, workflowInfo } from '@temporalio/workflow';
import { probeInOutage, probeOutageNote } from '../../domain/outage';
import { hawkeye } from '../activities';
import { finishRecheck, raiseOutageTicket, type RecheckResult } from './raise-outage-ticket';

export interface HawkeyeRecheckInput {
  serialNumber: string;
  clientId: string;
  recheckDelay?: Duration;
  dryRun?: boolean;
}

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
    slackText: (ticketId) =>
      `Outage ticket ${ticketId} created for Hawkeye probe ${probe.name} (${probe.serialNumber})`,
    dryRun: input.dryRun ?? false,
  });
}
