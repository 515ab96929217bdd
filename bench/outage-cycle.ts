// bench/outage-cycle: one full outage monitoring cycle (with rechecks) over a large sandbox fleet on
// a Temporal of its own, and the raw no-op activity throughput of the same server for comparison.
// `--engine cluster` runs it on the cluster engine (PostgreSQL + four services), `--engine both` on the
// dev server and then the cluster, in one run, with the two tables side by side.
// Usage: npx tsx bench/outage-cycle.ts [edges=10000] [faultyPercent=3] [edgesPerEnterprise=50] [--engine dev|cluster|both]
import { fleetScenario } from '../sandbox/scenarios';
import type { OutageMonitorResult } from '../workflows/outage/outage-monitor';
import { startBenchEngine, startNoopBaseline, type BenchEngine } from './harness';

async function main() {
  const argv = process.argv.slice(2);
  const flag = argv.indexOf('--engine');
  const which = flag === -1 ? 'dev' : argv[flag + 1];
  if (!['dev', 'cluster', 'both'].includes(which)) throw new Error('--engine must be dev, cluster or both');
  const numbers = argv.filter((_, i) => flag === -1 || (i !== flag && i !== flag + 1)).map(Number);
  const engines: BenchEngine[] = which === 'both' ? ['dev', 'cluster'] : [which as BenchEngine];
  const tables: Array<Array<[string, string]>> = [];
  for (const engine of engines) {
    console.log(`--- ${engine === 'dev' ? 'dev server' : 'cluster engine'} ---`);
    tables.push(await benchOne(engine, numbers));
  }
  if (tables.length === 2) {
    console.log(`\n${'(same run)'.padEnd(58)} ${'dev server'.padStart(12)} ${'cluster'.padStart(12)}`);
    tables[0].forEach(([k, v], i) => console.log(`${k.padEnd(58)} ${v.padStart(12)} ${tables[1][i][1].padStart(12)}`));
  }
}

async function benchOne(engineName: BenchEngine, numbers: number[]): Promise<Array<[string, string]>> {
  const [edges = 10_000, faultyPercent = 3, perEnterprise = 50] = numbers;
  const engine = await startBenchEngine(
    fleetScenario({ edges, edgesPerEnterprise: perEnterprise, faultyRatio: faultyPercent / 100 }),
    {},
    engineName,
  );
  const { config, client } = engine;
  const baseline = await startNoopBaseline(engine);
  const hosts = config.vendors.velocloud.hosts;

  let t = Date.now();
  const cache = (await client.workflow.execute('customerCacheRefresh', {
    taskQueue: 'orchestration',
    workflowId: 'bench-cache',
    args: [{ hosts }],
  })) as { edges: number };
  console.log(
    `customer cache: ${cache.edges} edges crossed with Bruin in ${((Date.now() - t) / 1000).toFixed(1)} s (not part of the cycle)`,
  );

  t = Date.now();
  const result = (await client.workflow.execute('outageMonitor', {
    taskQueue: 'orchestration',
    workflowId: 'bench-cycle',
    args: [{ hosts, enterprisesPerBatch: 10, concurrency: 8 }],
  })) as OutageMonitorResult;
  const cycleSeconds = (Date.now() - t) / 1000;
  console.log(`cycle done in ${cycleSeconds.toFixed(2)} s; counting activities ...`);
  let activities = 0;
  const countActivities = async (workflowId: string) => {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    activities += (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes).length;
  };
  await countActivities('bench-cycle');
  for await (const w of client.workflow.list({ query: "WorkflowType = 'edgeOutageRecheck'" }))
    await countActivities(w.workflowId);

  console.log(`${activities} activities; measuring no-op throughput ...`);
  const noopPerSecond = await baseline.activitiesPerSecond();

  const rows: Array<[string, string]> = [
    ['edges', String(result.edgesChecked)],
    ['faulty edges', String(result.inOutage)],
    ['tickets created', String(result.ticketsCreated)],
    ['cycle seconds (incl. 5 s recheck timer)', cycleSeconds.toFixed(2)],
    ['cycle / 180 s interval', (cycleSeconds / 180).toFixed(3)],
    ['activities in the cycle', String(activities)],
    ['vendor activities per second (cycle)', (activities / cycleSeconds).toFixed(1)],
    [
      'vendor activities per second (cycle minus the 5 s timer)',
      (activities / Math.max(0.001, cycleSeconds - 5)).toFixed(1),
    ],
    ['raw no-op activities per second (same server)', noopPerSecond.toFixed(1)],
  ];
  for (const [k, v] of rows) console.log(`${k.padEnd(58)} ${v}`);

  await baseline.stop();
  await engine.stop();
  return rows;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
