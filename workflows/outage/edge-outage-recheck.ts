import type { Duration } from '@temporalio/common';
import { setCurrentDetails, sleep, workflowInfo } from '@temporalio/workflow';
import { velocloud } from '../activities';
import { finishRecheck, raiseOutageTicket, type RecheckResult } from './raise-outage-ticket';

export type { IntendedAction, RecheckOutcome, RecheckResult } from './raise-outage-ticket';
import { classifyEdge, outageNote, type EdgeStatus } from '../../domain/outage';
import { autoUpgrade } from '../versioning';

export interface EdgeOutageRecheckInput {
  host: string;
  enterpriseId: number;
  edgeId: number;
  serialNumber: string;
  clientId: string;
  /** How long to wait before the second look (the seeds' 5 seconds). */
  recheckDelay?: Duration;
  /** Compute and return the intended actions without changing anything. */
  dryRun?: boolean;
  /** Reboot the Digi modem in front of the edge when a new ticket is created. */
  rebootDigi?: boolean;
}

/**
 * The edge outage recheck: wait, look again, and only then raise the outage ticket (with the edge
 * and link details) — or record that the edge came back by itself.
 */
export async function edgeOutageRecheck(input: EdgeOutageRecheckInput): Promise<RecheckResult> {
  setCurrentDetails(
    `Edge ${input.host}/${input.edgeId} looked down; rechecking in ${String(input.recheckDelay ?? '5s')}`,
  );
  await sleep(input.recheckDelay ?? '5s');

  const reading = await velocloud
    .summarized(`Recheck edge ${input.edgeId}`)
    .edgeStatus({ host: input.host, enterpriseId: input.enterpriseId, edgeId: input.edgeId });
  const health = classifyEdge(reading);
  if (!health.outage) return finishRecheck({ outcome: 'recovered', actions: [] });

  const edge: EdgeStatus = { ...input, ...reading };
  return raiseOutageTicket({
    clientId: input.clientId,
    serviceNumber: input.serialNumber,
    note: outageNote(edge, health, new Date(workflowInfo().runStartTime).toISOString()),
    slackText: (ticketId) =>
      `Outage ticket ${ticketId} created for edge ${edge.name} (${input.host}, edge ${input.edgeId}): ${health.reason}`,
    dryRun: input.dryRun ?? false,
    rebootSerial: input.rebootDigi ? input.serialNumber : undefined,
  });
}
autoUpgrade(edgeOutageRecheck);
