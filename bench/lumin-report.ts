// bench/lumin-report: one Lumin.AI billing period of `items` items (sandbox, 1,000 per page) reported end
// to end on a dev server: paged by the heartbeating export into the app store, mailed as a (gzipped) CSV.
// The Lumin and notifier pools run in their own process (`npm run worker`), so its memory is the
// workers' alone: printed are its resident memory when idle and its peak (VmHWM) during the report,
// and the report's time against a raw baseline in the same run: the same pages read by plain fetch.
// Usage: npx tsx bench/lumin-report.ts [items=200000]
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../config';
import { reportPeriod } from '../domain/reports/period';
import { reportWorkflowId } from '../domain/workflow-ids';
import { createLogger } from '../observability/logger';
import { startSandbox } from '../sandbox';
import { luminReportInput } from '../schedules/report-inputs';
import { SqliteAppStore } from '../store/sqlite-app-store';
import { connectClient } from '../temporal-config/client';
import { startDevServer } from '../temporal-config/dev-server';
import { startPools } from '../workers/pools';
import { installRuntime } from '../workers/runtime';
import type { LuminBillingReportResult } from '../workflows/reports/lumin-billing-report';
import { benchServerOptions, freePort } from './harness';
import { runBench, untilBenchEnds } from './cleanup';
import { processMemory } from './proc';
import { integerFrom, positionalNumbers } from './options';

const KEY = Buffer.alloc(32, 7).toString('base64');
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

async function main() {
  const { items } = positionalNumbers({ items: integerFrom(1, 200_000) });
  const dir = mkdtempSync(join(tmpdir(), 'ae-bench-lumin-'));
  const server = await startDevServer(await benchServerOptions(dir));
  const forgetServer = untilBenchEnds('the dev server', () => server.stop());
  const sandbox = await startSandbox({ host: '127.0.0.1', httpPort: 0, smtpPort: 0, scenario: 'demo' });
  const env = {
    APP_ENV: 'test',
    TEMPORAL_ADDRESS: server.address,
    SANDBOX_HTTP_PORT: String(sandbox.httpPort),
    SANDBOX_SMTP_PORT: String(sandbox.smtpPort),
    APP_DB_FILE: join(dir, 'app.sqlite'),
    PAYLOAD_KEY_ID: 'bench',
    PAYLOAD_KEY: KEY,
    QUEUE_LUMIN_RATE_LIMIT: '1000',
  };
  const config = loadConfig(env);
  const logger = createLogger('error', 'bench');
  installRuntime(logger, 0);
  const store = new SqliteAppStore(env.APP_DB_FILE);
  const connection = await NativeConnection.connect({ address: server.address });
  const orchestration = await startPools(config, { connection, ledger: store, logger }, ['orchestration']);
  const running = orchestration.run();
  const workers = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
    cwd: join(__dirname, '..'),
    env: {
      ...process.env,
      ...env,
      WORKER_QUEUES: 'lumin,notifier',
      SDK_METRICS_PORT: String(await freePort()),
      APP_METRICS_PORT: String(await freePort()),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const forgetWorkers = untilBenchEnds('the worker process', async () => {
    workers.kill('SIGTERM');
    await new Promise((r) => workers.once('exit', r));
  });
  workers.once('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM') console.error(`worker process exited: code ${code}, signal ${signal}`);
  });
  const client = await connectClient(config);
  const customer = sandbox.sandbox.collection('lumin', 'customers')['acme-logistics'];
  const report = async (month: string) => {
    const started = performance.now();
    const result = await client.workflow.execute('luminBillingReport', {
      taskQueue: 'orchestration',
      workflowId: reportWorkflowId('lumin', month),
      args: [{ ...luminReportInput(config), month }],
    });
    return { result: result as LuminBillingReportResult, seconds: (performance.now() - started) / 1000 };
  };
  try {
    // Warm-up: a small period, so the idle figure is a worker that has run a report once.
    customer.itemsPerPeriod = 1_000;
    await report('2026-08');
    const idle = processMemory(workers.pid!);

    customer.itemsPerPeriod = items;
    customer.pageSize = 1_000;
    const period = reportPeriod('2026-10', config.reports.timeZone);
    // Raw baseline: the same pages by plain fetch, parsed and counted, nothing kept.
    const rawStarted = performance.now();
    let token: string | undefined;
    let rawItems = 0;
    do {
      const res = await fetch(config.vendors.lumin.customerUri, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
        body: JSON.stringify({ type: '', start: period.start, end: period.end, start_token: token }),
      });
      const page = (await res.json()) as { items: unknown[]; next_token?: string };
      rawItems += page.items.length;
      token = page.next_token;
    } while (token);
    const rawSeconds = (performance.now() - rawStarted) / 1000;

    let sampledPeak = 0;
    const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, processMemory(workers.pid!).rss)), 100);
    const { result, seconds } = await report('2026-10');
    clearInterval(sampler);
    const after = processMemory(workers.pid!);
    const mail = sandbox.sandbox.state.outbox.emails.at(-1)!;
    console.log(`Lumin billing report of ${result.total} items (${items / 1000} pages of 1,000), 2 cores:`);
    console.log(`  report end to end        ${seconds.toFixed(1)} s  (${Math.round(result.total / seconds)} items/s)`);
    console.log(`  raw paging (plain fetch) ${rawSeconds.toFixed(1)} s  (${rawItems} items)`);
    console.log(`  ratio report / raw       ${(seconds / rawSeconds).toFixed(2)}`);
    console.log(`  CSV                      ${(result.csvBytes / 1024 / 1024).toFixed(1)} MiB written while paging`);
    console.log(
      `  attachment               ${mail.attachments.map((a) => `${a.filename} ${(a.size / 1024 / 1024).toFixed(1)} MiB`).join(', ')}`,
    );
    console.log(`  worker process (lumin + notifier pools) resident memory:`);
    console.log(`    idle after a warm-up   ${mb(idle.rss)}`);
    console.log(
      `    peak during the report ${mb(Math.max(after.peak, sampledPeak))} (VmHWM; sampled every 100 ms: ${mb(sampledPeak)})`,
    );
    console.log(`    peak - idle            ${mb(Math.max(after.peak, sampledPeak) - idle.rss)}`);
  } finally {
    workers.kill('SIGTERM');
    await new Promise((r) => workers.once('exit', r));
    forgetWorkers();
    await client.connection.close();
    await orchestration.shutdown();
    await running;
    await connection.close();
    await store.close();
    await sandbox.close();
    await server.stop();
    forgetServer();
  }
}

runBench(main);
