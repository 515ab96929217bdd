// bench/outage-cycle: one full outage monitoring cycle (with rechecks) over a large sandbox fleet on
// the Temporal dev server, and the raw no-op activity throughput of the same server for comparison.
// Usage: npx tsx bench/outage-cycle.ts [edges=10000] [faultyPercent=3] [edgesPerEnterprise=50]
import { join } from 'node:path';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { connectClient } from '../clients/temporal';
import { createDataConverter } from '../codec/data-converter';
import { loadConfig } from '../config';
import { createLogger } from '../observability/logger';
import { startSandbox } from '../sandbox';
import { fleetScenario } from '../sandbox/scenarios';
import { SqliteLedger } from '../store/sqlite-ledger';
import { startDevServer } from '../temporal-config/dev-server';
import { startPools } from '../workers/pools';
import { installRuntime } from '../workers/runtime';
import type { OutageMonitorResult } from '../workflows/outage/outage-monitor';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';

/** A free TCP port on loopback. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function main() {
  const [edges = 10_000, faultyPercent = 3, perEnterprise = 50] = process.argv.slice(2).map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'ae-bench-'));
  const server = await startDevServer({ port: await freePort(), uiPort: 0, dbFile: join(dir, 'temporal.sqlite'), namespace: 'default', headless: true, logFile: join(dir, 'server.log') });
  const sandbox = await startSandbox({ host: '127.0.0.1', httpPort: 0, smtpPort: 0, scenario: 'empty' });
  sandbox.sandbox.state = fleetScenario({ edges, edgesPerEnterprise: perEnterprise, faultyRatio: faultyPercent / 100 });
  // Vendor rate limits are raised: the sandbox is local, and the benchmark measures the engine.
  const rates = Object.fromEntries(['BRUIN', 'VELOCLOUD', 'NOTIFIER', 'DIGI'].map((q) => [`QUEUE_${q}_RATE_LIMIT`, '10000']));
  const config = loadConfig({ APP_ENV: 'test', TEMPORAL_ADDRESS: server.address, SANDBOX_HTTP_PORT: String(sandbox.httpPort), SANDBOX_SMTP_PORT: String(sandbox.smtpPort), APP_DB_FILE: join(dir, 'app.sqlite'), ...rates });
  const logger = createLogger('error', 'bench');
  installRuntime(logger, 0);
  const store = new SqliteLedger(join(dir, 'app.sqlite'));
  const connection = await NativeConnection.connect({ address: server.address });
  const pools = await startPools(config, { connection, ledger: store, logger });
  const dataConverter = createDataConverter(config.codec);
  const noopWorker = await Worker.create({ connection, dataConverter, taskQueue: 'bench-noop', activities: { noop: async () => undefined }, maxConcurrentActivityTaskExecutions: 200 });
  const noopOrchestrator = await Worker.create({ connection, dataConverter, taskQueue: 'bench-orchestration', workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('./noop-workflow'), logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } }) });
  const running = Promise.all([pools.run(), noopWorker.run(), noopOrchestrator.run()]);
  const client = await connectClient(config);
  const hosts = config.vendors.velocloud.hosts;

  let t = Date.now();
  const cache = await client.workflow.execute('customerCacheRefresh', { taskQueue: 'orchestration', workflowId: 'bench-cache', args: [{ hosts }] }) as { edges: number };
  console.log(`customer cache: ${cache.edges} edges crossed with Bruin in ${((Date.now() - t) / 1000).toFixed(1)} s (not part of the cycle)`);

  t = Date.now();
  const result = await client.workflow.execute('outageMonitor', { taskQueue: 'orchestration', workflowId: 'bench-cycle', args: [{ hosts, enterprisesPerBatch: 10, concurrency: 8 }] }) as OutageMonitorResult;
  const cycleSeconds = (Date.now() - t) / 1000;
  console.log(`cycle done in ${cycleSeconds.toFixed(2)} s; counting activities ...`);
  let activities = 0;
  const countActivities = async (workflowId: string) => {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    activities += (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes).length;
  };
  await countActivities('bench-cycle');
  for await (const w of client.workflow.list({ query: "WorkflowType = 'edgeOutageRecheck'" })) await countActivities(w.workflowId);

  console.log(`${activities} activities; measuring no-op throughput ...`);
  const noopCount = 2000;
  t = Date.now();
  await client.workflow.execute('noopActivities', { taskQueue: 'bench-orchestration', workflowId: 'bench-noop', args: [noopCount, 100] });
  const noopPerSecond = noopCount / ((Date.now() - t) / 1000);

  const rows: Array<[string, string]> = [
    ['edges', String(result.edgesChecked)],
    ['faulty edges', String(result.inOutage)],
    ['tickets created', String(result.ticketsCreated)],
    ['cycle seconds (incl. 5 s recheck timer)', cycleSeconds.toFixed(2)],
    ['cycle / 180 s interval', (cycleSeconds / 180).toFixed(3)],
    ['activities in the cycle', String(activities)],
    ['vendor activities per second (cycle)', (activities / cycleSeconds).toFixed(1)],
    ['vendor activities per second (cycle minus the 5 s timer)', (activities / Math.max(0.001, cycleSeconds - 5)).toFixed(1)],
    ['raw no-op activities per second (same server)', noopPerSecond.toFixed(1)],
  ];
  for (const [k, v] of rows) console.log(`${k.padEnd(58)} ${v}`);

  await client.connection.close();
  await pools.shutdown();
  noopWorker.shutdown();
  noopOrchestrator.shutdown();
  await running;
  await connection.close();
  await store.close();
  await sandbox.close();
  await server.stop();
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
