import { continueAsNew, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { mapBounded } from '../../domain/batches';
import { escalationText, type EscalationRules } from '../../domain/escalation';
import { SearchAttr } from '../../domain/search-attributes';
import { bruinTicketUrl } from '../../domain/service-affecting';
import { bruin, bruinPages, notifier } from '../activities';
import { orActivityFailure } from '../activity-failure';
import { malformedTickets, pageThroughTickets, startingProgress, type PageProgress } from '../ticket-pages';
import { autoUpgrade } from '../versioning';

export interface TicketEscalationInput extends EscalationRules {
  /** Bruin clients whose open tickets are watched, or every client of the VeloCloud customer cache. */
  clientIds: string[] | 'all';
  slackChannel: string;
  emailTo: string[];
  /** List the escalations due; send nothing. */
  dryRun?: boolean;
  pageSize?: number;
  pagesPerRun?: number;
  progress?: PageProgress<EscalationTotals>;
}

export interface EscalationTotals {
  pages: number;
  ticketsSeen: number;
  escalated: number;
  /** Due, but this round went out already (an earlier check, or the same check retried). */
  alreadyEscalated: number;
  wouldEscalate: number;
  personNoted: number;
  tooYoung: number;
  failed: number;
  /** Dry run: the escalations that would go (first 50). */
  intended: Array<{ ticketId: string; round: number; minutesOpen: number }>;
  failures: Array<{ ticketId: string; reason: string }>;
}
export interface TicketEscalationResult extends EscalationTotals {
  runs: number;
  clients: number;
}

const zero = (): EscalationTotals => ({
  pages: 0,
  ticketsSeen: 0,
  escalated: 0,
  alreadyEscalated: 0,
  wouldEscalate: 0,
  personNoted: 0,
  tooYoung: 0,
  failed: 0,
  intended: [],
  failures: [],
});

/**
 * Escalation of tickets nobody has touched (issue 30 item 5): the open outage and VAS tickets of the watched
 * clients, page by page; one still open `afterMinutes` after Bruin opened it with no note from a person gets one
 * message to the NOC's escalation channel and email, then one per `everyMinutes` round until a person notes it or it
 * resolves. Each round is keyed across runs (ticket and round), so a round goes once however often this runs.
 */
export async function ticketEscalation(input: TicketEscalationInput): Promise<TicketEscalationResult> {
  const progress = input.progress ?? (await startingProgress(input.clientIds, zero()));
  const { totals } = progress;
  const rules = { afterMinutes: input.afterMinutes, everyMinutes: input.everyMinutes };
  const run = await pageThroughTickets(
    progress,
    input.pagesPerRun ?? 4,
    (clientId, cursor) =>
      bruinPages
        .summarized(`Open tickets of client ${clientId}${cursor ? ` after ticket ${cursor}` : ''}`)
        .openOutageTicketsPage({ clientId, pageSize: input.pageSize ?? 100, cursor, topics: ['VOO', 'VAS'] }),
    async (page, _clientId, current) => {
      for (const m of malformedTickets(page)) fail(totals, m.ticketId, m.reason);
      const byId = new Map(page.tickets.map((t) => [t.ticketId, t]));
      const plans = await bruin.summarized(`Escalation plans of ${page.tickets.length} tickets`).escalationPlans({
        tickets: page.tickets.map(({ ticketId, createDate }) => ({ ticketId, createDate })),
        nowMs: Date.now(),
        rules,
      });
      await mapBounded(plans, 8, async (p) => {
        if ('failed' in p) return fail(totals, p.ticketId, p.failed);
        if (!p.plan.due) {
          if (p.plan.why === 'person-noted') totals.personNoted++;
          else totals.tooYoung++;
          return;
        }
        const ticket = byId.get(p.ticketId)!;
        const { round, minutesOpen } = p.plan;
        if (input.dryRun) {
          totals.wouldEscalate++;
          if (totals.intended.length < 50) totals.intended.push({ ticketId: p.ticketId, round, minutesOpen });
          return;
        }
        const text = escalationText({ ...ticket, round, minutesOpen, ticketUrl: bruinTicketUrl(ticket.ticketId) });
        // One ledger key per channel and round (a key names one message), across runs.
        const ref = (channel: string) => ({
          step: `escalation-${round}-${channel}`,
          businessId: `ticket-${ticket.ticketId}`,
          acrossRuns: true,
        });
        const sent = await orActivityFailure(
          async () => {
            const [slack, email] = await Promise.all([
              notifier
                .summarized(`Escalate ticket ${ticket.ticketId} (round ${round}) on Slack`)
                .postSlackMessage({ ...ref('slack'), channel: input.slackChannel, text: text.slack }),
              notifier
                .summarized(`Escalate ticket ${ticket.ticketId} (round ${round}) by email`)
                .sendEmail({ ...ref('email'), to: input.emailTo, subject: text.subject, text: text.body }),
            ]);
            return slack.outcome === 'sent' || email.outcome === 'sent' ? 'escalated' : 'already';
          },
          // The next check sends this round (the ledger keeps what went from going twice).
          (reason) => ({ failed: reason }),
        );
        if (typeof sent === 'object') fail(totals, ticket.ticketId, `escalation not sent: ${sent.failed}`);
        else if (sent === 'escalated') totals.escalated++;
        else totals.alreadyEscalated++;
      });
      setCurrentDetails(describe(current, input.dryRun));
    },
  );
  if (run.outcome === 'continue') return continueAsNew<typeof ticketEscalation>({ ...input, progress: run.progress });
  setCurrentDetails(describe(run.progress, input.dryRun));
  upsertSearchAttributes([
    {
      key: SearchAttr.Outcome,
      value: totals.failed
        ? 'ticket-failures'
        : input.dryRun
          ? 'dry-run'
          : totals.escalated
            ? 'escalated'
            : 'nothing-due',
    },
  ]);
  return { ...totals, runs: run.progress.runs, clients: run.progress.clientIds.length };
}
autoUpgrade(ticketEscalation);

function fail(t: EscalationTotals, ticketId: string, reason: string): void {
  t.failed++;
  if (t.failures.length < 20) t.failures.push({ ticketId, reason });
}

function describe(p: PageProgress<EscalationTotals>, dryRun?: boolean): string {
  const t = p.totals;
  return (
    `Escalation${dryRun ? ' (dry run)' : ''} run ${p.runs}: ${t.pages} pages, ${t.ticketsSeen} open tickets of ` +
    `${p.clientIds.length} clients; ${t.escalated} escalated, ${t.alreadyEscalated} already this round, ` +
    `${t.wouldEscalate} would be, ${t.personNoted} noted by a person, ${t.tooYoung} too young, ${t.failed} failed`
  );
}
