import type { Duration } from '@temporalio/common';
import { ActivityFailure, setCurrentDetails, sleep, workflowInfo } from '@temporalio/workflow';
import { newOutageTicketAlert, probeInOutage, probeOutageNote } from '../../domain/outage';
import { outageTicketSubject } from '../../domain/workflow-ids';
import { activityFailureReason, isRefusal } from '../activity-failure';
import { appStore, bruin, hawkeye, notifier } from '../activities';
import type { OwedStep } from '../owed/api';
import { owe } from '../owed/owe';
import { finishRecheck, type IntendedAction, type RecheckResult } from './recheck-result';
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
 * owed queue (`owedWork`), which delivers it in order.
 */
export async function hawkeyeRecheck(input: HawkeyeRecheckInput): Promise<RecheckResult> {
  setCurrentDetails(`Probe ${input.serialNumber} looked offline; rechecking in ${String(input.recheckDelay ?? '5s')}`);
  const dryRun = input.dryRun ?? false;
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
  if (!dryRun && (await appStore.owedAmong({ subjects: [subject] })).length > 0)
    return oweTicket('earlier side effects of this probe are still owed');
  if (dryRun)
    return finishRecheck({
      outcome: 'dry-run',
      actions: [
        { action: 'create-ticket', serviceNumber: input.serialNumber },
        { action: 'append-note', ticketId: 'new' },
        { action: 'slack', ticketId: 'new' },
      ],
    });
  const alertText = (ticketId: string) => newOutageTicketAlert(ticketId, alertDevice);
  // The ticket step every outage recheck shares (one Bruin activity, safe to retry from any point).
  let step;
  try {
    step = await bruin
      .summarized(`Outage ticket for probe ${probe.name} (${input.serialNumber})`)
      .raiseOutageTicketOnce({ clientId: input.clientId, serviceNumber: input.serialNumber, note, since });
  } catch (err) {
    // A refusal for good fails the recheck; a Bruin that did not answer leaves the step owed.
    if (!(err instanceof ActivityFailure) || isRefusal(err)) throw err;
    return oweTicket(`Bruin: ${activityFailureReason(err)}`);
  }
  const { outcome, ticketId } = step;
  if (outcome === 'ticket-in-progress') return finishRecheck({ outcome, ticketId, actions: [] });
  if (outcome === 'ticket-unresolved')
    return finishRecheck({
      outcome,
      ticketId,
      actions: [
        { action: 'append-note', ticketId },
        { action: 'unresolve-ticket', ticketId },
      ],
    });
  const opened: IntendedAction[] = [
    { action: 'create-ticket', serviceNumber: input.serialNumber },
    { action: 'append-note', ticketId },
  ];
  // A new ticket: the NOC hears of it (the ledger sends it once); a Slack that does not answer owes the alert.
  const slack = {
    kind: 'slack' as const,
    step: 'outage-ticket-created',
    businessId: ticketId,
    text: alertText(ticketId),
  };
  try {
    await notifier.postSlackMessage({ step: slack.step, businessId: slack.businessId, text: slack.text });
  } catch (err) {
    if (!(err instanceof ActivityFailure) || isRefusal(err)) throw err;
    const reason = `Slack: ${activityFailureReason(err)}`;
    await owe(subject, `${workflowInfo().runId}/slack`, slack, reason);
    return finishRecheck({ outcome: 'owed', ticketId, actions: opened, device: input.serialNumber, reason });
  }
  return finishRecheck({ outcome, ticketId, actions: [...opened, { action: 'slack', ticketId }] });
}
autoUpgrade(hawkeyeRecheck);
