import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { runScheduleCommand } from '../../cli/schedule-commands';
import { runReport } from '../../cli/report-command';
import type { AppConfig } from '../../config';
import { reportPeriod } from '../../domain/reports/period';
import { ALL_QUEUES } from '../../domain/task-queues';
import { applySchedules } from '../../schedules/apply';
import { scheduleDefinitions } from '../../schedules/definitions';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { connectClient } from '../../temporal-config/client';
import { startPools, type PoolSet } from '../../workers/pools';
import { installRuntime } from '../../workers/runtime';
import { startTestDevServer } from '../helpers/dev-server';
import { tempDir, testConfig, TEST_KEY, testLogger } from '../helpers/env';
import { luminIds, startTestSandbox, type TestSandbox } from '../helpers/sandbox';
import { startWorkerProcess, until } from '../helpers/worker-process';

type Email = {
  subject: string;
  html?: string;
  text: string;
  attachments: Array<{ filename: string; contentType: string; content?: string }>;
};

describe('end to end: monthly reports on the dev server, the Lumin pool in its own process', () => {
  let server: Awaited<ReturnType<typeof startTestDevServer>>;
  let sb: TestSandbox;
  let pools: PoolSet;
  let connection: NativeConnection;
  let store: SqliteAppStore;
  let client: Client;
  let config: AppConfig;
  let env: Record<string, string>;
  let lumin: ChildProcess;
  const children: ChildProcess[] = [];

  /** The Lumin pool as its own process, so a test can kill it mid-export. */
  const startLuminProcess = () => startWorkerProcess('lumin', env, children);

  const emails = async () => ((await sb.call('GET', '/_sandbox/state')).json.outbox as { emails: Email[] }).emails;
  const luminRequests = async () =>
    Number(
      (
        (await sb.call('GET', '/_sandbox/state')).json.vendors as {
          lumin: { customers: Record<string, { requests?: number }> };
        }
      ).lumin.customers['acme-logistics'].requests ?? 0,
    );

  const csvIds = (content: string) =>
    content
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((r) => r.split(',')[0]);

  beforeAll(async () => {
    server = await startTestDevServer();
    sb = await startTestSandbox('demo');
    env = {
      APP_ENV: 'test',
      TEMPORAL_ADDRESS: server.address,
      APP_DB_FILE: join(tempDir('reports'), 'app.sqlite'),
      PAYLOAD_KEY_ID: 'e2e',
      PAYLOAD_KEY: TEST_KEY,
      ...sb.env,
    };
    config = testConfig(env);
    const logger = testLogger();
    installRuntime(logger, 0);
    store = new SqliteAppStore(env.APP_DB_FILE);
    connection = await NativeConnection.connect({ address: server.address });
    pools = await startPools(
      config,
      { connection, ledger: store, logger },
      ALL_QUEUES.filter((q) => q !== 'lumin'),
    );
    void pools.run();
    lumin = await startLuminProcess();
    client = await connectClient(config);
    const schedules = scheduleDefinitions(config);
    await applySchedules(client, schedules);
    for (const s of schedules) await client.schedule.getHandle(s.id).pause('e2e: fired by hand');
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await client?.connection.close();
    await pools?.shutdown();
    await connection?.close();
    await store?.close();
    await sb?.close();
    await server?.stop();
  });

  it('a triggered schedule reports the previous month: HTML summary and a CSV whose rows are the sandbox data', async () => {
    const handle = client.schedule.getHandle('lumin-billing-report');
    await handle.trigger();
    const now = new Date();
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15)).toISOString().slice(0, 7);
    const report = client.workflow.getHandle(`lumin-billing-report/${month}`);
    await until('the period report to complete', async () =>
      (await report.describe().catch(() => undefined))?.status.name === 'COMPLETED' ? true : undefined,
    );
    const [mail] = (await emails()).filter((e) => e.subject.startsWith('Lumin.AI billing report'));
    expect(mail.subject).toBe(`Lumin.AI billing report: Acme Logistics, ${month}`);
    expect(mail.html).toMatch(/<p>Total API uses: 240<\/p>/);
    const period = (await report.result()) as { total: number };
    expect(period.total).toBe(240);
    const { start, end } = reportPeriod(month, 'America/New_York');
    expect(csvIds(mail.attachments[0].content!)).toEqual(await luminIds(sb, start, end));
    // Ops find a period's report by its search attribute.
    const found: string[] = [];
    await until('the report to be searchable', async () => {
      found.length = 0;
      for await (const w of client.workflow.list({ query: `ReportPeriod = "${month}" AND Outcome = "sent"` }))
        found.push(w.workflowId);
      return found.length > 0 ? true : undefined;
    });
    expect(found).toEqual([`lumin-billing-report/${month}`]);
  }, 120_000);

  it('a backfill over two past months sends exactly those two reports; the same backfill again sends none', async () => {
    const backfill = () =>
      runScheduleCommand(client, config, [
        'backfill',
        'last-contact-report',
        '--from',
        '2026-08-15T00:00:00Z',
        '--to',
        '2026-10-15T00:00:00Z',
      ]);
    const reports = () => emails().then((all) => all.filter((e) => e.subject.startsWith('Last-contact report')));
    const completed = (id: string) =>
      until(`${id} to complete`, async () =>
        (
          await client.workflow
            .getHandle(id)
            .describe()
            .catch(() => undefined)
        )?.status.name === 'COMPLETED'
          ? true
          : undefined,
      );
    await backfill();
    await completed('last-contact-report/2026-08');
    await completed('last-contact-report/2026-09');
    const sent = await reports();
    expect(sent.map((e) => e.subject).sort()).toEqual([
      // At August's end cobalt-depot had been silent 17 days (cobalt-yard was still heard from); at September's, 47.
      'Last-contact report 2026-08: 0 edges silent more than 30 days',
      'Last-contact report 2026-09: 1 edge silent more than 30 days',
    ]);

    // Again: the schedule's runs find both periods reported and send nothing.
    // The schedule's own runs of the first backfill, once visibility lists them as done.
    await until('the first backfill runs to be listed', async () =>
      (await countRuns('monthlyReport', 'reported')) === 2 ? true : undefined,
    );
    await backfill();
    await until('the second backfill to run', async () =>
      (await countRuns('monthlyReport', 'already-reported')) >= 2 ? true : undefined,
    );
    expect(await countRuns('monthlyReport')).toBe(4);
    expect(await reports()).toHaveLength(2);
  }, 120_000);

  async function countRuns(type: string, outcome?: string): Promise<number> {
    let n = 0;
    const query = `WorkflowType = "${type}"${outcome ? ` AND Outcome = "${outcome}"` : ''}`;
    for await (const w of client.workflow.list({ query })) if (w.workflowId.startsWith('last-contact-report-')) n++;
    return n;
  }

  it('the Lumin worker killed mid-export: another resumes from the heartbeated page, and the CSV has every item once', async () => {
    await sb.call('PATCH', '/_sandbox/lumin/customers/acme-logistics', {
      itemsPerPeriod: 3000,
      pageSize: 50,
      requests: 0,
    });
    await sb.call('POST', '/_sandbox/faults', { vendor: 'lumin', latencyMs: 150 });
    const report = runReport(client, config, { report: 'lumin', month: '2026-07', force: false });
    await until('the export to be well under way', async () => ((await luminRequests()) >= 25 ? true : undefined));
    lumin.kill('SIGKILL');
    await new Promise((r) => lumin.once('exit', r));
    const readBeforeKill = await luminRequests();
    lumin = await startLuminProcess(); // takes over once the killed attempt's heartbeat timeout passes
    const lines = await report;
    await sb.call('DELETE', '/_sandbox/faults');
    expect(lines[0]).toBe('lumin-billing-report/2026-07: 3000 API uses of Acme Logistics; email sent');
    // 60 pages in all; starting over would have read the first 25+ again. The retry re-reads only the
    // pages after the last heartbeat the server heard of (sent at least every 2 s).
    const reread = (await luminRequests()) - 60;
    expect(reread).toBeGreaterThanOrEqual(0);
    expect(reread).toBeLessThan(readBeforeKill);
    expect(reread).toBeLessThan(20);
    const [mail] = (await emails()).filter((e) => e.subject === 'Lumin.AI billing report: Acme Logistics, 2026-07');
    const ids = csvIds(mail.attachments[0].content!);
    expect(ids).toHaveLength(3000);
    expect(ids).toEqual(await luminIds(sb, '2026-07-01T04:00:00.000Z', '2026-08-01T04:00:00.000Z'));
  }, 180_000);
});
