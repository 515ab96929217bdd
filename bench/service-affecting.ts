// bench/service-affecting: one service-affecting scan over a large sandbox fleet on the Temporal dev
// server (each troubled edge gets its VAS ticket, note, email and Slack), against the raw no-op
// activity throughput of the same server. Prints the scan time and its share of the 10-minute
// interval, history events per healthy and per troubled edge, and vendor activities per second.
// Usage: npx tsx bench/service-affecting.ts [edges=10000] [troubledPercent=2] [edgesPerEnterprise=50]
import { fleetScenario } from '../sandbox/scenarios';
import type { ServiceAffectingMonitorResult } from '../workflows/service-affecting/service-affecting-monitor';
import { startBenchEngine, startNoopBaseline } from './harness';
import { runBench } from './cleanup';
import { largestHistories, largestHistoryRows, readHistory } from './history';
import { integerFrom, percent, positionalNumbers } from './options';

async function main() {
  const { edges, troubledPercent, edgesPerEnterprise } = positionalNumbers({
    edges: integerFrom(1, 10_000),
    troubledPercent: percent(2),
    edgesPerEnterprise: integerFrom(1, 50),
  });
  const engine = await startBenchEngine(
    fleetScenario({
      edges,
      edgesPerEnterprise,
      faultyRatio: 0,
      troubledLinkRatio: troubledPercent / 100,
    }),
  );
  const { config, client } = engine;
  const baseline = await startNoopBaseline(engine);
  const hosts = config.vendors.velocloud.hosts;
  let t = Date.now();
  await client.workflow.execute('customerCacheRefresh', {
    taskQueue: 'orchestration',
    workflowId: 'bench-cache',
    args: [{ hosts }],
  });
  console.log(`customer cache built in ${((Date.now() - t) / 1000).toFixed(1)} s (not part of the scan)`);

  const sa = config.serviceAffecting;
  t = Date.now();
  const result = (await client.workflow.execute('serviceAffectingMonitor', {
    taskQueue: 'orchestration',
    workflowId: 'bench-scan',
    args: [
      { hosts, thresholds: sa.thresholds, autoResolve: sa.autoResolve, emailTo: sa.emailTo, enterprisesPerBatch: 10 },
    ],
  })) as ServiceAffectingMonitorResult;
  const scanSeconds = (Date.now() - t) / 1000;

  const history = async (workflowId: string) => (await readHistory(client, workflowId)).events;
  const parent = await history('bench-scan');
  let childEvents = 0;
  let activities = parent.filter((e) => e.activityTaskScheduledEventAttributes).length;
  for await (const w of client.workflow.list({ query: "WorkflowType = 'serviceAffectingEdge'" })) {
    const events = await history(w.workflowId);
    childEvents += events.length;
    activities += events.filter((e) => e.activityTaskScheduledEventAttributes).length;
  }
  // The parent's events for its children (initiated, started, completed) count against the troubled edges.
  const perChildInParent = parent.filter(
    (e) =>
      e.startChildWorkflowExecutionInitiatedEventAttributes ||
      e.childWorkflowExecutionStartedEventAttributes ||
      e.childWorkflowExecutionCompletedEventAttributes,
  ).length;
  const healthy = result.edgesChecked - result.troubledEdges;
  const largest = await largestHistories(client, [
    'serviceAffectingMonitor',
    'serviceAffectingSegment',
    'serviceAffectingEdge',
  ]);
  const noopPerSecond = await baseline.activitiesPerSecond();

  const rows: Array<[string, string]> = [
    ['edges scanned', String(result.edgesChecked)],
    ['troubled edges', String(result.troubledEdges)],
    ['VAS tickets created', String(result.ticketsCreated)],
    ['scan seconds', scanSeconds.toFixed(2)],
    ['scan / 600 s interval (target <= 0.05)', (scanSeconds / 600).toFixed(3)],
    [
      'history events per healthy edge (target <= 0.05)',
      ((parent.length - perChildInParent) / Math.max(1, healthy)).toFixed(4),
    ],
    [
      'history events per troubled edge',
      ((childEvents + perChildInParent) / Math.max(1, result.troubledEdges)).toFixed(1),
    ],
    ['activities in the scan', String(activities)],
    ['vendor activities per second (scan)', (activities / scanSeconds).toFixed(1)],
    ['raw no-op activities per second (same server)', noopPerSecond.toFixed(1)],
    ...largestHistoryRows(largest),
  ];
  for (const [k, v] of rows) console.log(`${k.padEnd(60)} ${v}`);
  await baseline.stop();
  await engine.stop();
}

runBench(main);
