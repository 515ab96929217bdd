// bench/outage-cycle: one full outage monitoring cycle (with rechecks) over a large sandbox fleet on
// the Temporal dev server, and the raw no-op activity throughput of the same server for comparison.
// Usage: npx tsx bench/outage-cycle.ts [edges=10000] [faultyPercent=3] [edgesPerEnterprise=50]
import { fleetScenario } from '../sandbox/scenarios';
import type { OutageMonitorResult } from '../workflows/outage/outage-monitor';
import { startBenchEngine, startNoopBaseline } from './harness';

async function main() {
  const [edges = 10_000, faultyPercent = 3, perEnterprise = 50] = process.argv.slice(2).map(Number);
  const engine = await startBenchEngine(
    fleetScenario({ edges, edgesPerEnterprise: perEnterprise, faultyRatio: faultyPercent / 100 }),
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
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
