import type { Duration } from '@temporalio/common';
import { ActivityFailure, patched, setCurrentDetails, sleep, workflowInfo } from '@temporalio/workflow';
import { newOutageTicketAlert, probeInOutage, probeOutageNote } from '../../domain/outage';
import { outageTicketSubject } from '../../domain/workflow-ids';
import { activityFailureReason, isRefusal } from '../activity-failure';
import { appStore, hawkeye } from '../activities';
import type { OwedStep } from '../owed/api';
import { owe } from '../owed/owe';
import { finishRecheck, raiseOutageTicket, type RecheckResult } from './raise-outage-ticket';
import { autoUpgrade } from '../versioning';

export interface HawkeyeRecheckInput {
  serialNumber: string;
  clientId: string;
  recheckDelay?: Duration;
  dryRun?: boolean;
}

/**
 * The Hawkeye probe recheck: wait, look again, and only then raise the outage ticket. A ticket step Bruin or
 * Slack did not take within the retries, or one behind the probe's side effects still owed, goes to the probe's
 * owed queue (`owedWork`), which delivers it in order; runs before that rule failed instead, and replay so.
 */
export async function hawkeyeRecheck(input: HawkeyeRecheckInput): Promise<RecheckResult> {
  setCurrentDetails(`Probe ${input.serialNumber} looked offline; rechecking in ${String(input.recheckDelay ?? '5s')}`);
  const dryRun = input.dryRun ?? false;
  const owing = !dryRun && patched('outage-owed-work');
  const subject = outageTicketSubject(input.serialNumber);
  await sleep(input.recheckDelay ?? '5s');
  const probe = await hawkeye.probeStatus({ serialNumber: input.serialNumber });
  if (!probeInOutage(probe)) return finishRecheck({ outcome: 'recovered', actions: [] });
  const since = new Date(workflowInfo().runStartTime).toISOString();
  const note = probeOutageNote(probe, since);
  const alertDevice = `Hawkeye probe ${probe.name} (${probe.serialNumber})`;
  const ticketStep: OwedStep = {
    kind: 'outage-ticket',
    clientId: input.clientId,
    serviceNumber: input.serialNumber,
    note,
    since,
    alertDevice,
  };
  const oweTicket = async (reason: string) => {
    // The recheck's ID is the probe's, reused by later cycles: the run names the decision.
    await owe(subject, `${workflowInfo().runId}/ticket`, ticketStep, reason);
    return finishRecheck({ outcome: 'owed', actions: [], device: input.serialNumber, reason });
  };
  if (owing && (await appStore.owedAmong({ subjects: [subject] })).length > 0)
    return oweTicket('earlier side effects of this probe are still owed');
  const raise = () =>
    raiseOutageTicket({
      clientId: input.clientId,
      serviceNumber: input.serialNumber,
      note,
      slackText: (ticketId) => newOutageTicketAlert(ticketId, alertDevice),
      dryRun,
    });
  if (!owing) return raise();
  try {
    return await raise();
  } catch (err) {
    // A refusal for good fails the recheck as before; a vendor that did not answer leaves the step owed. The owed
    // step finds whatever part of it went through (the ticket it created, its note) and does the rest.
    if (!(err instanceof ActivityFailure) || isRefusal(err)) throw err;
    return oweTicket(activityFailureReason(err));
  }
}
autoUpgrade(hawkeyeRecheck);
