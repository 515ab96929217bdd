import type { AppConfig } from '../config';

// What ops read about each schedule in the Web UI (its note) and on each run it starts (the summary
// suffix): one small function per schedule, so a definition stays a few lines.

type Monitors = AppConfig['monitors'];
type ServiceAffecting = AppConfig['serviceAffecting'];

/** ` (DRY RUN: <what does not happen>)` while the schedule is dry, else nothing. */
const dryRunTag = (dryRun: boolean, what?: string) => (dryRun ? ` (DRY RUN${what ? `: ${what}` : ''})` : '');
/** ` (dry run)` after a run's summary while the schedule is dry. */
export const dryRunSuffix = (dryRun: boolean) => (dryRun ? ' (dry run)' : '');

export const outageNote = (outage: Monitors['outage']) =>
  `VeloCloud outage monitor${dryRunTag(outage.dryRun, 'no tickets are touched')}: rechecks faulty edges after ` +
  `${outage.recheckDelay}, opens/unresolves/resolves Bruin outage tickets` +
  (outage.flap.transitions > 0
    ? `; holds a flapping edge's ticket open (${outage.flap.transitions} changes in ${outage.flap.windowSeconds / 60} min)`
    : '') +
  (outage.stormMinTickets > 0 ? `; one Slack message per enterprise with ${outage.stormMinTickets}+ new tickets` : '') +
  '.';

export const hawkeyeOutageNote = (outage: Monitors['outage']) =>
  `Hawkeye outage monitor${dryRunTag(outage.dryRun, 'no tickets are touched')}: rechecks offline probes, ` +
  'opens/unresolves/resolves Bruin outage tickets.';

export function triageNote(triage: Monitors['triage']): string {
  const clients = triage.clientIds === 'all' ? 'every cached client' : `clients ${triage.clientIds.join(', ')}`;
  const slack = triage.notes === 'slack' ? ' (SLACK MODE: no notes are written; Slack gets what would be)' : '';
  return `Appends edge-event triage notes to open VeloCloud outage tickets of ${clients}${slack}; pages continue as new.`;
}

export const dispatchMonitorNote = (vendor: 'lit' | 'cts', dryRun: boolean) =>
  `${vendor.toUpperCase()} dispatch monitor${dryRunTag(dryRun, 'no timeline is started or updated, nobody is texted')}` +
  `: keeps our dispatches, discards invalid ones (reasons in the result), signal-with-starts dispatch/${vendor}/<number> timelines.`;

/** TNBA's mode as a note says it: dry run first, then Slack mode. */
const tnbaMode = (tnba: Monitors['tnba'], slack: string) =>
  tnba.dryRun ? dryRunTag(true) : tnba.notes === 'slack' ? slack : '';

export const escalationNote = (e: Monitors['escalation']) =>
  `Escalates open outage and VAS tickets with no note from a person ${e.afterMinutes} min after they opened, then every ` +
  `${e.everyMinutes} min, to ${e.slackChannel} and by email${dryRunTag(e.dryRun)}.`;

export const tnbaNote = (tnba: Monitors['tnba']) =>
  `Appends T7's next best action (among what Bruin offers) to open tickets${tnbaMode(tnba, ' (SLACK MODE: no notes are written)')}.`;

export const tnbaSummarySuffix = (tnba: Monitors['tnba']) =>
  tnba.dryRun ? dryRunSuffix(true) : tnba.notes === 'slack' ? ' (Slack only)' : '';

export const tnbaFeedbackNote = (tnba: Monitors['tnba'], windowHours: number) =>
  `Sends the task histories of tickets closed in the last ${windowHours} h that had a TNBA note to T7 for retraining; ` +
  `each ticket once${dryRunTag(tnba.dryRun, 'nothing is sent')}.`;

export function serviceAffectingNote(sa: ServiceAffecting): string {
  const t = sa.thresholds;
  const limits =
    `latency > ${t.latencyMs} ms (wireless ${t.wirelessLatencyMs}), loss > ${t.packetLossPct}%, jitter > ${t.jitterMs} ms, ` +
    `bandwidth > ${t.bandwidthPct}%, ${t.instabilityEvents}+ LINK_DEAD/EDGE_DOWN in ${t.instabilityScanMinutes} min`;
  return (
    `Service-affecting monitor${dryRunTag(sa.dryRun, 'no tickets are touched, nobody is told')}: ${limits}; ` +
    `VAS tickets, notes, email and Slack; auto-resolve after ${sa.autoResolve.dayMinutes} min (night ${sa.autoResolve.nightMinutes}).`
  );
}

export const doraNote = (windowDays: number) =>
  `DevOps metrics: per repo, deployment frequency (calc_deployment_freq), lead time, change failure rate and time to ` +
  `restore over ${windowDays} days, stored for GET /dora/<repo> and the gauges.`;

export const luminReportNote = (reports: AppConfig['reports'], to: string) =>
  `Lumin.AI billing report of ${reports.lumin.customer} for the previous month (${reports.timeZone}) to ${to}: ` +
  'summary + CSV of every item; one per period (lumin-billing-report/<YYYY-MM>).';

export const lastContactReportNote = (reports: AppConfig['reports'], to: string) =>
  `Edges VeloCloud last heard from more than ${reports.lastContact.days} days before the month's end, with months in ` +
  `service and the balance of the ${reports.lastContact.termMonths}-month term, to ${to}; one per period ` +
  '(last-contact-report/<YYYY-MM>).';

/** `1 hour`, `30 minutes`, `90 seconds`: the notifier interval as the schedule's note says it. */
export function intervalText(seconds: number): string {
  const [n, unit] =
    seconds % 3600 === 0
      ? [seconds / 3600, 'hour']
      : seconds % 60 === 0
        ? [seconds / 60, 'minute']
        : [seconds, 'second'];
  return n === 1 ? unit : `${n} ${unit}s`;
}
