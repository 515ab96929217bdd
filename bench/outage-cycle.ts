// bench/outage-cycle: one full outage monitoring cycle (with rechecks) over a large sandbox fleet on
// a Temporal of its own, and the raw no-op activity throughput of the same server for comparison.
// `--engine cluster` runs it on the cluster engine (PostgreSQL + four services), `--engine both` on the
// dev server and then the cluster, in one run, with the two tables side by side. `--replicas 1,2` runs the cluster
// once per count of processes per service (above 1 behind HAProxy), side by side; `--shards N` sizes its history.
// Each table has the server's own figures: state transitions/s, shards per history host, CPU per service and PostgreSQL.
// `--in-maintenance N` puts N edges in maintenance windows of their own first (the lookup's cost).
// Usage: npx tsx bench/outage-cycle.ts [edges=10000] [faultyPercent=3] [edgesPerEnterprise=50] [--engine dev|cluster|both]
//          [--replicas 1,2] [--shards 8] [--in-maintenance N] [--profile]
//        npx tsx bench/outage-cycle.ts --sizes 2500,10000,20000,50000 [x] [faultyPercent] [edgesPerEnterprise]  (one engine
//        per size, side by side, with each size's growth; the first number is ignored)
import { performance } from 'node:perf_hooks';
import type { OutageMonitorResult } from '../workflows/outage/outage-monitor';
import { busySeconds } from './busy-time';
import { startCpuProfile } from './cpu-profile';
import { eventMs } from './event-time';
import { sampleMachineCpu } from './machine-cpu';
import {
  DEFAULT_BENCH_CLUSTER,
  startBenchEngine,
  startNoopBaseline,
  type BenchClusterShape,
  type BenchEngine,
} from './harness';
import { serverFigureRows, watchServer } from './server-figures';
import { MAX_REPLICAS } from '../temporal-config/replicas';
import { largestHistories, largestHistoryRows, readHistory } from './history';
import { runBench } from './cleanup';
import { benchArguments, BenchUsageError, integerFrom, listOf, percent } from './options';

/** Edges put in a maintenance window of their own before the cycle (`--in-maintenance N`). */
let inMaintenance = 0;
/** Profile the worker's CPU over the cycle (`--profile`): where a vendor activity's cost goes. */
let profileCycle = false;

async function main() {
  const given = benchArguments({
    positional: {
      edges: integerFrom(1, 10_000),
      faultyPercent: percent(3),
      edgesPerEnterprise: integerFrom(1, 50),
    },
    named: {
      'in-maintenance': integerFrom(0, 0),
      replicas: listOf({ integer: true, min: 1, max: MAX_REPLICAS }, [1]),
      shards: integerFrom(1, DEFAULT_BENCH_CLUSTER.historyShards),
      sizes: listOf({ integer: true, min: 100 }, []),
    },
    choices: { engine: ['dev', 'cluster', 'both'] },
    flags: ['profile'],
  });
  inMaintenance = given['in-maintenance'];
  profileCycle = given.profile;
  const which = given.engine;
  const numbers = [given.edges, given.faultyPercent, given.edgesPerEnterprise];
  const variants: Variant[] = [
    ...(which === 'cluster' ? [] : [{ engine: 'dev' as const, label: 'dev server' }]),
    ...(which === 'dev'
      ? []
      : given.replicas.map((r) => ({
          engine: 'cluster' as const,
          shape: { replicas: r, historyShards: given.shards },
          label: given.replicas.length > 1 || r > 1 ? `cluster ×${r}` : 'cluster',
        }))),
  ];
  if (given.sizes.length > 0) {
    if (variants.length > 1)
      throw new BenchUsageError(['--sizes runs one engine: give --engine dev or cluster and one --replicas']);
    return benchSizes(given.sizes, numbers, variants[0]);
  }
  const tables: Array<Array<[string, string]>> = [];
  for (const variant of variants) {
    console.log(`--- ${variant.label} ---`);
    tables.push(await benchOne(variant, numbers));
  }
  if (tables.length > 1)
    printSideBySide(
      variants.map((v) => v.label),
      tables,
    );
}

/** One engine a cycle runs on: the dev server, or the cluster in a shape. */
interface Variant {
  engine: BenchEngine;
  shape?: BenchClusterShape;
  label: string;
}

/** Tables of the same rows, one column each (same run). */
function printSideBySide(labels: string[], tables: Array<Array<[string, string]>>) {
  console.log(`\n${'(same run)'.padEnd(58)} ${labels.map((l) => l.padStart(14)).join(' ')}`);
  tables[0].forEach(([k], i) => console.log(`${k.padEnd(58)} ${tables.map((t) => t[i][1].padStart(14)).join(' ')}`));
}

/** One cycle per fleet size, each on a fresh engine, side by side, with each size's growth over the one before. */
async function benchSizes(sizes: number[], numbers: number[], engine: Variant) {
  const tables: Array<Array<[string, string]>> = [];
  for (const edges of sizes) {
    console.log(`--- ${edges} edges ---`);
    tables.push(await benchOne(engine, [edges, ...numbers.slice(1)]));
  }
  const cycle = (t: Array<[string, string]>) => Number(t.find(([k]) => k.startsWith('cycle seconds'))![1]);
  tables.forEach((t, i) =>
    t.push([
      'growth: cycle ÷ previous size’s cycle (linear = size ratio)',
      i === 0 ? '—' : `${(cycle(t) / cycle(tables[i - 1])).toFixed(2)} (×${(sizes[i] / sizes[i - 1]).toFixed(1)})`,
    ]),
  );
  printSideBySide(
    sizes.map((n) => `${n} edges`),
    tables,
  );
}

async function benchOne(variant: Variant, numbers: number[]): Promise<Array<[string, string]>> {
  const [edges = 10_000, faultyPercent = 3, perEnterprise = 50] = numbers;
  // The sandbox runs in a process of its own: this one runs every activity, as a worker host would.
  const engine = await startBenchEngine(
    { ownProcess: { fleet: { edges, edgesPerEnterprise: perEnterprise, faultyRatio: faultyPercent / 100 } } },
    {},
    variant.engine,
    variant.shape,
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

  // One device window per edge, as a NOC would set them: the cycle reads them all once per batch.
  const serials = ((await engine.store.customerCache('velocloud'))?.entries ?? []).slice(0, inMaintenance);
  for (const { serialNumber } of serials)
    await engine.store.maintenance.saveMaintenanceWindow({
      id: `device:${serialNumber}@bench`,
      scope: { kind: 'device', serialNumber },
      start: new Date(Date.now() - 3_600_000).toISOString(),
      end: new Date(Date.now() + 3_600_000).toISOString(),
      timeZone: 'UTC',
      reason: 'bench',
      setBy: 'bench',
    });

  t = Date.now();
  const machine = sampleMachineCpu();
  const loopBefore = performance.eventLoopUtilization();
  const cpuBefore = process.cpuUsage();
  // The profile slows what it samples: only when asked for (`--profile`), and the cycle's figures then say so.
  const profile = profileCycle ? await startCpuProfile() : undefined;
  const server = await watchServer(engine.server);
  const result = (await client.workflow.execute('outageMonitor', {
    taskQueue: 'orchestration',
    workflowId: 'bench-cycle',
    // As the schedule runs it: flap damping reads and writes each batch's records.
    args: [{ hosts, enterprisesPerBatch: 10, concurrency: 8, flap: config.monitors.outage.flap }],
  })) as OutageMonitorResult;
  const cycleSeconds = (Date.now() - t) / 1000;
  const serverFigures = await server.stop();
  const shares = (await profile?.stop()) ?? [];
  // This process runs the sandbox, every activity and every workflow (in worker threads): how busy it was.
  const mainThreadBusy = performance.eventLoopUtilization(loopBefore).utilization;
  const machineCpu = machine.stop();
  const cpu = process.cpuUsage(cpuBefore);
  const processCores = (cpu.user + cpu.system) / 1e6 / cycleSeconds;
  console.log(`cycle done in ${cycleSeconds.toFixed(2)} s; counting activities ...`);
  let activities = 0;
  let recheckEvents = 0;
  /** Each activity's [scheduled, closed] instants (ms), over every execution of the cycle. */
  const inFlight: Array<[number, number]> = [];
  /** Per activity type: how long each waited for a worker slot (scheduled → started) and ran (started → closed). */
  const byType = new Map<string, { waited: number[]; ran: number[] }>();
  const countActivities = async (workflowId: string) => {
    const { events } = await readHistory(client, workflowId);
    activities += events.filter((e) => e.activityTaskScheduledEventAttributes).length;
    const byId = new Map(events.map((e) => [Number(e.eventId), e]));
    for (const e of events) {
      const closed =
        e.activityTaskCompletedEventAttributes ??
        e.activityTaskFailedEventAttributes ??
        e.activityTaskTimedOutEventAttributes;
      const scheduled = closed && byId.get(Number(closed.scheduledEventId));
      const started = closed && byId.get(Number(closed.startedEventId));
      if (!scheduled || !started) continue;
      inFlight.push([eventMs(scheduled), eventMs(e)]);
      const type = scheduled.activityTaskScheduledEventAttributes?.activityType?.name ?? '?';
      const t = byType.get(type) ?? { waited: [], ran: [] };
      t.waited.push(eventMs(started) - eventMs(scheduled));
      t.ran.push(eventMs(e) - eventMs(started));
      byType.set(type, t);
    }
    return events;
  };
  // A large fleet's cycle runs in segments: their events count as the monitor's own.
  const monitorEvents = await countActivities('bench-cycle');
  for await (const w of client.workflow.list({ query: "WorkflowType = 'outageSegment'" }))
    monitorEvents.push(...(await countActivities(w.workflowId)));
  // Rechecks: per-edge children (cycles before batching) or batches of edges.
  const rechecks = "WorkflowType = 'outageRecheckBatch'";
  let afterTimer = 0;
  for await (const w of client.workflow.list({ query: rechecks })) {
    const events = await countActivities(w.workflowId);
    recheckEvents += events.length;
    const fired = events.find((e) => e.timerFiredEventAttributes);
    if (fired) afterTimer = Math.max(afterTimer, (eventMs(events[events.length - 1]) - eventMs(fired)) / 1000);
  }
  // The parent's events for its children (initiated, started, completed) count against the faulty edges.
  const childType = (e: (typeof monitorEvents)[number]) =>
    (
      e.startChildWorkflowExecutionInitiatedEventAttributes ??
      e.childWorkflowExecutionStartedEventAttributes ??
      e.childWorkflowExecutionCompletedEventAttributes
    )?.workflowType?.name;
  // The recheck batches' (a segment's own child events count as the monitor's).
  const childEvents = monitorEvents.filter((e) => childType(e) === 'outageRecheckBatch');
  const at = eventMs;
  const initiated = childEvents.filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes).map(at);
  const started = childEvents.filter((e) => e.childWorkflowExecutionStartedEventAttributes).map(at);
  const childStartPhase = initiated.length ? (Math.max(...started) - Math.min(...initiated)) / 1000 : 0;
  // Where the cycle's time goes: reading every edge, then the rechecks (a 5 s timer and the work after it).
  const cycleStart = eventMs(monitorEvents[0]);
  const checkPhase = ((initiated.length ? Math.min(...initiated) : eventMs(monitorEvents.at(-1)!)) - cycleStart) / 1000;
  const completed = childEvents.filter((e) => e.childWorkflowExecutionCompletedEventAttributes).map(at);
  const recheckPhase = initiated.length ? (Math.max(...completed) - Math.min(...initiated)) / 1000 : 0;
  const healthy = result.edgesChecked - result.inOutage;

  const p = (xs: number[], q: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
  console.log('activity type: count, waited for a slot p50/p95 ms, ran p50/p95 ms');
  for (const [type, t] of [...byType].sort((a, b) => b[1].ran.length - a[1].ran.length))
    console.log(
      `  ${type}: ${t.ran.length}, ${p(t.waited, 0.5).toFixed(0)}/${p(t.waited, 0.95).toFixed(0)}, ${p(t.ran, 0.5).toFixed(0)}/${p(t.ran, 0.95).toFixed(0)}`,
    );
  // The sites monitor over the same fleet, as its 2-minute schedule runs it (issue 31: no history grows with it).
  t = Date.now();
  await client.workflow.execute('sitesMonitor', {
    taskQueue: 'orchestration',
    workflowId: 'bench-sites',
    args: [{ hosts, enterprisesPerBatch: 10, summaryIntervalSeconds: config.monitors.sites.summaryIntervalSeconds }],
  });
  const sitesSeconds = (Date.now() - t) / 1000;
  const largest = await largestHistories(client, [
    'outageMonitor',
    'outageSegment',
    'outageRecheckBatch',
    'sitesMonitor',
    'sitesSegment',
  ]);
  console.log(`${activities} activities; measuring no-op throughput ...`);
  const noopPerSecond = await baseline.activitiesPerSecond();

  const rows: Array<[string, string]> = [
    ['edges', String(result.edgesChecked)],
    ['edges in maintenance (their own windows)', String(result.inMaintenance ?? 0)],
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
    [
      'bench process: main thread busy share / cores used (cycle)',
      `${mainThreadBusy.toFixed(2)} / ${processCores.toFixed(2)}`,
    ],
    [
      'machine CPU busy: mean over the cycle / busiest second',
      `${machineCpu.mean.toFixed(2)} / ${machineCpu.peakSecond.toFixed(2)}`,
    ],
    ['vendor rate ÷ no-op rate (target >= 0.5)', (activities / cycleSeconds / noopPerSecond).toFixed(2)],
    [
      'the same, over the time vendor activities are in flight',
      (activities / Math.max(0.001, busySeconds(inFlight)) / noopPerSecond).toFixed(2),
    ],
    [
      'history events per healthy edge (target <= 0.05)',
      ((monitorEvents.length - childEvents.length) / Math.max(1, healthy)).toFixed(3),
    ],
    [
      'history events per faulty edge (target <= 15)',
      ((recheckEvents + childEvents.length) / Math.max(1, result.inOutage)).toFixed(1),
    ],
    ['child-start phase s (first start asked → last started)', childStartPhase.toFixed(2)],
    ['check phase s (cycle start → first recheck asked)', checkPhase.toFixed(2)],
    ['recheck phase s (first recheck asked → last done)', recheckPhase.toFixed(2)],
    ['  of which after the timer, slowest batch s', afterTimer.toFixed(2)],
    [
      'sites monitor seconds / its 120 s interval (target <= 0.4)',
      `${sitesSeconds.toFixed(2)} / ${(sitesSeconds / 120).toFixed(3)}`,
    ],
    ...serverFigureRows(serverFigures),
    ...largestHistoryRows(largest),
  ];
  for (const [k, v] of rows) console.log(`${k.padEnd(58)} ${v}`);
  if (profile)
    console.log(
      'where this process (every worker pool) spent its CPU over the cycle (profiled), share of busy samples:',
    );
  for (const { part, share } of shares) console.log(`  ${part.padEnd(56)} ${(share * 100).toFixed(1).padStart(6)} %`);

  await baseline.stop();
  await engine.stop();
  return rows;
}

runBench(main);
