import { Client, WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import { Context } from '@temporalio/activity';
import { createAppStoreActivities } from '../../activities/app-store/activities';
import { createReportFileActivities } from '../../activities/app-store/report-files';
import { failureForStatus } from '../../activities/vendor-errors';
import { LUMIN_BILLING_TYPES } from '../../domain/reports/lumin';
import { reportWorkflowId } from '../../domain/workflow-ids';
import { lastContactReportInput, luminReportInput } from '../../schedules/report-inputs';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { buildActivities } from '../../workers/activities';
import { lastContactReport, luminBillingReport, monthlyReport } from '../../workflows';
import { testConfig } from '../helpers/env';
import { luminItems, useTestSandbox } from '../helpers/sandbox';
import { useWorkflowTestEnv, withWorkers } from '../helpers/time-skipping';

type Email = {
  subject: string;
  to: string[];
  text: string;
  html?: string;
  attachments: Array<{ filename: string; contentType: string; size: number; content?: string }>;
};

describe('monthly reports (time-skipping server; the real Lumin, VeloCloud and notifier activities against the sandbox)', () => {
  const ctx = useWorkflowTestEnv();
  const sb = useTestSandbox('demo');
  let store: SqliteAppStore;

  beforeEach(() => {
    store = new SqliteAppStore(':memory:');
  });

  const config = () => testConfig(sb.env);
  // A plain client: the environment's own skips time while it waits, and these runs read the month from the clock.
  const client = () => new Client({ connection: ctx.env.connection, namespace: ctx.env.namespace });
  const queues = () => {
    const deps = { ledger: store };
    return {
      orchestration: createReportFileActivities(store.reports),
      lumin: buildActivities('lumin', config(), deps),
      velocloud: buildActivities('velocloud', config(), deps),
      notifier: buildActivities('notifier', config(), deps),
    };
  };
  const emails = async () => ((await sb.call('GET', '/_sandbox/state')).json.outbox as { emails: Email[] }).emails;
  const customer = async () =>
    (
      (await sb.call('GET', '/_sandbox/state')).json.vendors as {
        lumin: { customers: Record<string, { requests?: number }> };
      }
    ).lumin.customers['acme-logistics'];

  const csvRows = (content: string) => content.trimEnd().split('\r\n');

  it('both reports for a month: a summary with a count per type and a CSV of every item; the silent edges with their term', async () => {
    const [billing, lastContact] = await withWorkers(ctx, queues(), () =>
      Promise.all([
        client().workflow.execute(luminBillingReport, {
          taskQueue: 'orchestration',
          workflowId: reportWorkflowId('lumin', '2026-10'),
          args: [{ ...luminReportInput(config()), month: '2026-10' }],
        }),
        client().workflow.execute(lastContactReport, {
          taskQueue: 'orchestration',
          workflowId: reportWorkflowId('last-contact', '2026-10'),
          args: [{ ...lastContactReportInput(config()), month: '2026-10' }],
        }),
      ]),
    );
    // October in New York: EDT both ends.
    const items = await luminItems(sb, '2026-10-01T04:00:00.000Z', '2026-11-01T04:00:00.000Z');
    expect(items).toHaveLength(240);
    const perType = Object.fromEntries(
      LUMIN_BILLING_TYPES.map((t) => [t, items.filter((i) => i.type === t).length] as const).filter(([, n]) => n > 0),
    );
    expect(billing).toMatchObject({ period: '2026-10', total: 240, byType: perType, discarded: 0, email: 'sent' });

    const sent = await emails();
    expect(sent).toHaveLength(2);
    const lumin = sent.find((e) => e.subject === 'Lumin.AI billing report: Acme Logistics, 2026-10')!;
    expect(lumin.to).toEqual(['reports@mettel.example']);
    expect(lumin.text).toContain('Total API uses: 240');
    for (const [type, n] of Object.entries(perType)) expect(lumin.text).toContain(`  ${type}: ${n}`);
    expect(lumin.html).toContain(
      '<td style="border:1px solid #ccc;padding:4px 8px;text-align:left">billing.scheduled</td>',
    );
    expect(lumin.attachments).toHaveLength(1);
    expect(lumin.attachments[0]).toMatchObject({
      filename: 'lumin-billing-acme-logistics-2026-10.csv',
      contentType: 'text/csv',
    });
    const rows = csvRows(lumin.attachments[0].content!);
    expect(rows[0]).toBe('id,timestamp,type,conversation_id');
    expect(rows.slice(1)).toEqual(items.map((i) => [i.id, i.timestamp, i.type, i.conversation_id].join(',')));
    // The file lived in the app store only until the email carried it.
    const runId = (await client().workflow.getHandle(reportWorkflowId('lumin', '2026-10')).describe()).runId;
    expect(await store.reports.readReportFile(`lumin-billing-report/2026-10#${runId}.csv`)).toBeUndefined();

    expect(lastContact).toMatchObject({
      period: '2026-10',
      asOf: '2026-11-01T04:00:00.000Z',
      edgesChecked: 5,
      stale: 2,
      email: 'sent',
    });
    const silent = sent.find((e) => e.subject.startsWith('Last-contact report 2026-10'))!;
    expect(silent.subject).toBe('Last-contact report 2026-10: 2 edges silent more than 30 days');
    expect(csvRows(silent.attachments[0].content!)).toEqual([
      'Edge name,Enterprise,Serial number,Model number,Last contact,Months in service,Balance of term (months),VeloCloud monitor URL',
      'cobalt-depot,Cobalt Freight,VC05100077310,edge510,2026-08-14 12:20:00 EDT,32,4,https://mettel.velocloud.net/#!/operator/customer/3/monitor/edge/301/',
      'cobalt-yard,Cobalt Freight,VC06100012904,edge610-lte,2026-09-27 23:00:00 EDT,41,0,https://mettel.velocloud.net/#!/operator/customer/3/monitor/edge/302/',
    ]);
    expect(silent.html).toContain(
      '<a href="https://mettel.velocloud.net/#!/operator/customer/3/monitor/edge/301/">monitor</a>',
    );
  });

  it('a month reported already sends nothing again (scheduled run or re-run); a forced run sends it once more', async () => {
    const args = { ...luminReportInput(config()), month: '2026-10' };
    const workflowId = reportWorkflowId('lumin', '2026-10');
    const start = { taskQueue: 'orchestration', workflowId, args: [args] as [typeof args] };
    const outcomes = await withWorkers(ctx, queues(), async () => {
      const first = await client().workflow.execute(luminBillingReport, start);
      // The schedule's run for that month finds the period's report completed and runs nothing.
      // (No schedule here: its run falls back to its own start time, today, whose previous month is reported.)
      const today = new Date();
      const previous = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 15))
        .toISOString()
        .slice(0, 7);
      const scheduled = await client().workflow.execute(monthlyReport, {
        taskQueue: 'orchestration',
        workflowId: `lumin-billing-report-test-${Date.now()}`,
        args: [{ report: 'lumin', input: luminReportInput(config()) }],
      });
      const again = await client().workflow.execute(monthlyReport, {
        taskQueue: 'orchestration',
        workflowId: `lumin-billing-report-test-again-${Date.now()}`,
        args: [{ report: 'lumin', input: luminReportInput(config()) }],
      });
      // A plain re-run of the reported period is refused by Temporal itself.
      const rerun = await client()
        .workflow.start(luminBillingReport, {
          ...start,
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
        })
        .then(
          () => 'started',
          (err: unknown) => err,
        );
      // Let through anyway (reuse allowed), the period's email is still recognised as sent.
      const duplicate = await client().workflow.execute(luminBillingReport, {
        ...start,
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      });
      const forced = await client().workflow.execute(luminBillingReport, {
        ...start,
        args: [{ ...args, force: true }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      });
      return { first, previous, scheduled, again, rerun, duplicate, forced };
    });
    expect(outcomes.first.email).toBe('sent');
    expect(outcomes.scheduled).toEqual({
      period: outcomes.previous,
      workflowId: `lumin-billing-report/${outcomes.previous}`,
      outcome: outcomes.previous === '2026-10' ? 'already-reported' : 'started',
    });
    expect(outcomes.again).toMatchObject({ period: outcomes.previous, outcome: 'already-reported' });
    expect(outcomes.rerun).toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    expect(outcomes.duplicate.email).toBe('already-sent');
    expect(outcomes.forced.email).toBe('sent');
    const monthMails = (await emails()).filter((e) => e.subject === 'Lumin.AI billing report: Acme Logistics, 2026-10');
    expect(monthMails).toHaveLength(2);
  });

  it('a page failing midway: the retry resumes from the heartbeated token, and the CSV has every item exactly once', async () => {
    await sb.call('PATCH', '/_sandbox/lumin/customers/acme-logistics', {
      itemsPerPeriod: 1000,
      pageSize: 50,
      failRequests: [8],
    });
    const result = await withWorkers(ctx, queues(), () =>
      client().workflow.execute(luminBillingReport, {
        taskQueue: 'orchestration',
        workflowId: reportWorkflowId('lumin', '2026-09'),
        args: [{ ...luminReportInput(config()), month: '2026-09' }],
      }),
    );
    expect(result).toMatchObject({ total: 1000, email: 'sent' });
    // 20 pages and the one failed request: none read twice (starting over would have re-read 7).
    expect((await customer()).requests).toBe(21);
    const [mail] = await emails();
    const rows = csvRows(mail.attachments[0].content!).slice(1);
    const ids = rows.map((r) => r.split(',')[0]);
    expect(ids).toHaveLength(1000);
    expect(new Set(ids).size).toBe(1000);
    const items = await luminItems(sb, '2026-09-01T04:00:00.000Z', '2026-10-01T04:00:00.000Z');
    expect(ids).toEqual(items.map((i) => i.id));
  });

  it('malformed items are left out with their count, the rest reported', async () => {
    await sb.call('PATCH', '/_sandbox/lumin/customers/acme-logistics', { malformedEvery: 40 });
    const result = await withWorkers(ctx, queues(), () =>
      client().workflow.execute(luminBillingReport, {
        taskQueue: 'orchestration',
        workflowId: reportWorkflowId('lumin', '2026-08'),
        args: [{ ...luminReportInput(config()), month: '2026-08' }],
      }),
    );
    expect(result).toMatchObject({ total: 234, discarded: 6 });
    const [mail] = await emails();
    expect(mail.text).toContain('Malformed items left out: 6');
    expect(csvRows(mail.attachments[0].content!)).toHaveLength(235);
  });

  it('an email the mail server does not take within the retries is owed by the report: marked, then sent once it answers', async () => {
    const sentAt: number[] = [];
    let downUntil = 0;
    let markedWhileDown: string[] = [];
    const real = buildActivities('notifier', config(), { ledger: store }) as ReturnType<typeof queues>['notifier'];
    const notifier = {
      ...real,
      sendEmail: async (input: Parameters<typeof real.sendEmail>[0]) => {
        const at = Context.current().info.currentAttemptScheduledTimestampMs;
        if (at < downUntil) {
          markedWhileDown = await store.listOwed('report/');
          throw failureForStatus('smtp', 'sendMail', 503, 'mail server unavailable');
        }
        sentAt.push(at);
        return real.sendEmail(input);
      },
    };
    const result = await withWorkers(
      ctx,
      {
        ...queues(),
        orchestration: { ...createReportFileActivities(store.reports), ...createAppStoreActivities(store) },
        notifier,
      },
      async () => {
        downUntil = (await ctx.env.currentTimeMs()) + 60 * 60_000; // an hour: past the report email's 20 attempts
        return ctx.env.client.workflow.execute(lastContactReport, {
          taskQueue: 'orchestration',
          workflowId: reportWorkflowId('last-contact', '2026-09'),
          args: [{ ...lastContactReportInput(config()), month: '2026-09' }],
        });
      },
    );
    expect(result.email).toBe('sent');
    expect(sentAt[0]).toBeGreaterThanOrEqual(downUntil);
    expect(markedWhileDown).toEqual([`report/${reportWorkflowId('last-contact', '2026-09')}`]);
    expect(await store.listOwed('report/')).toEqual([]);
    expect((await emails()).filter((e) => e.subject.includes('2026-09'))).toHaveLength(1);
    const attrs = (await ctx.env.client.workflow.getHandle(reportWorkflowId('last-contact', '2026-09')).describe())
      .searchAttributes;
    expect(attrs.Outcome).toEqual(['sent']);
  });
});
