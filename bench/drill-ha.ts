// `npm run drill:ha`: the engine on a replicated cluster (two of each Temporal service, each on a loopback address of
// its own, HAProxy in front of the frontends) under load, while every Temporal service is restarted one process at a
// time (a rolling upgrade), a history host and a frontend are killed -9, PostgreSQL restarts and a worker process is
// killed -9. The load: outage cycles over a fleet whose faulty edges flap, one every --cycle-every seconds, and
// dispatches whose reminders fall due during the steps, every pool in --workers worker processes. Per step it prints
// the seconds client calls failed (a probe every 100 ms), how long until every history shard answered again, and then
// the ledger: every side effect expected against delivered, duplicates and lost.
// Targets (issue 32): 0 lost, 0 duplicates, no step with more than 10 s of client-visible unavailability.
// Usage: npm run drill:ha [-- --edges 10000 --dispatches 200 --replicas 2 --workers 2 --cycle-every 180
//                           --reminder-after-s 300]
import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { Pool } from 'pg';
import { connectClient } from '../temporal-config/client';
import { freeClusterPorts, startCluster } from '../temporal-config/cluster';
import { serviceHost, SERVICES, type Service } from '../temporal-config/replicas';
import { shardOwners } from '../temporal-config/shard-owners';
import type { OutageMonitorResult } from '../workflows/outage/outage-monitor';
import { actOnDispatches, flipFlapping, runDispatchMonitors, sleep, startWorld, workflowRunner } from './chaos/load';
import { tallyChaos } from './chaos/tally';
import { startWorkerFleet } from './chaos/workers';
import { PROBE_EVERY_MS, PROBE_TIMEOUT_MS, unavailability, type Probe } from './drill/availability';
import { runBench, stopRegistered, untilBenchEnds } from './cleanup';
import { integerFrom, numberOptions, stamped } from './options';

const t0 = Date.now();
const say = stamped('drill', t0);
/** How long every step waits after the engine answers again, so the next step starts from a settled cluster. */
const SETTLE_MS = 10_000;
/** Describes in flight at once while sweeping every shard: the sweep is a probe, not a load. */
const SWEEP_CONCURRENCY = 64;
const NOT_FOUND = 5;

async function main() {
  const o = numberOptions({
    edges: integerFrom(1, 10_000),
    dispatches: integerFrom(1, 200),
    replicas: integerFrom(2, 2),
    workers: integerFrom(1, 2),
    'cycle-every': integerFrom(1, 180),
    'reminder-after-s': integerFrom(1, 300),
    // Enough for two history hosts to share them (temporal-config/replicas.ts: shardSpreadWarning).
    shards: integerFrom(1, 128),
  });
  /**
   * Workflow IDs that land on every shard with near certainty (16 per shard: a shard none of them hashes to has odds of
   * e^-16 each), described in turn by the prober and all at once for "every shard answered".
   */
  const shardProbes = Array.from({ length: 16 * o.shards }, (_, i) => `drill-shard-probe-${i}`);
  const replicas = o.replicas;
  const dir = mkdtempSync(join(tmpdir(), 'ae-drill-'));
  // PostgreSQL runs as its own user when we are root: it must be able to enter the directory.
  chmodSync(dir, 0o755);
  const clusterDir = join(dir, 'cluster');
  mkdirSync(clusterDir);
  const { ports, dbPort } = await freeClusterPorts();
  say(`starting the cluster: ${replicas} of each service behind HAProxy (logs in ${clusterDir})`);
  const cluster = await startCluster({
    dir: clusterDir,
    namespace: 'default',
    ports,
    historyShards: o.shards,
    dbPort,
    headless: true,
    replicas,
    onServiceExit: (service, code) => say(`${service} exited (${code}); restarted`),
  });
  untilBenchEnds('the cluster', () => cluster.stop());
  const { plan, running, sandbox, env, config, argsOf } = await startWorld({
    temporalAddress: cluster.address,
    dir,
    keyId: 'drill',
    edges: o.edges,
    dispatches: o.dispatches,
    reminderAfterMs: o['reminder-after-s'] * 1000,
  });
  untilBenchEnds('the sandbox', () => running.close());
  const workers = startWorkerFleet({ count: o.workers, env, logDir: dir });
  untilBenchEnds('the workers', () => workers.stop());
  const db = new Pool({ ...cluster.db, database: 'temporal', max: 2, idleTimeoutMillis: 1_000 });
  // PostgreSQL restarts during the drill: an idle connection's error then has no caller to go to.
  db.on('error', () => undefined);
  untilBenchEnds('the connections to PostgreSQL', () => db.end().catch(() => undefined));
  const client: Client = await connectClient(config);
  say(
    `${plan.edges} edges (${plan.steadyDown.length} down, ${plan.flapping.length} flapping), ${plan.dispatches.length} dispatches, every pool in ${o.workers} worker processes`,
  );

  // The prober: what any client sees, every 100 ms, through the balancer.
  const probes: Probe[] = [];
  let probing = true;
  const prober = (async () => {
    for (let i = 0; probing; i++) {
      const at = Date.now();
      const ok = await Promise.race([
        client.workflowService
          .describeWorkflowExecution({
            namespace: 'default',
            execution: { workflowId: shardProbes[i % shardProbes.length] },
          })
          .then(
            () => true,
            (err: { code?: number }) => err.code === NOT_FOUND,
          ),
        sleep(PROBE_TIMEOUT_MS).then(() => false),
      ]);
      probes.push({ at, ok });
      await sleep(Math.max(0, at + PROBE_EVERY_MS - Date.now()));
    }
  })();
  /**
   * Ms from `since` until every shard has answered (each probe ID NOT_FOUND once; those that failed are asked again),
   * and what the failures said.
   */
  const shardsServed = async (since: number) => {
    let left = shardProbes;
    const said = new Map<string, number>();
    while (left.length) {
      const failed: string[] = [];
      for (let i = 0; i < left.length; i += SWEEP_CONCURRENCY)
        await Promise.all(
          left.slice(i, i + SWEEP_CONCURRENCY).map((workflowId) =>
            client.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId } }).then(
              () => undefined,
              (err: { code?: number; details?: string }) => {
                if (err.code === NOT_FOUND) return;
                failed.push(workflowId);
                const what = `${err.code}: ${String(err.details ?? err).slice(0, 120)}`;
                said.set(what, (said.get(what) ?? 0) + 1);
              },
            ),
          ),
        );
      left = failed;
      if (left.length) await sleep(250);
    }
    return { ms: Date.now() - since, said };
  };

  const runWorkflow = workflowRunner(client);
  await runWorkflow('customerCacheRefresh', 'drill-customer-cache', argsOf('customer-cache'));
  say('customer cache built');

  let active = true;
  let cycles = 0;
  // Outage cycles on a fixed interval, as the schedule runs them; the flapping edges change state every cycle.
  const everyMs = o['cycle-every'] * 1000;
  let firstCycleDone!: () => void;
  const warm = new Promise<void>((r) => (firstCycleDone = r));
  const outage = (async () => {
    for (let c = 1; active || cycles < 2; c++) {
      const startedAt = Date.now();
      flipFlapping(sandbox.state, plan, c);
      for (let attempt = 1; ; attempt++) {
        const r = await runWorkflow<OutageMonitorResult>(
          'outageMonitor',
          `drill-outage-${c}-${attempt}`,
          argsOf('outage-monitor'),
        ).catch((err: Error) => {
          say(`outage cycle ${c} attempt ${attempt} failed (${err.message}); running it again`);
          return undefined;
        });
        if (!r) continue;
        say(
          `outage cycle ${c}: ${((Date.now() - startedAt) / 1000).toFixed(1)} s, ${r.inOutage} in outage, ${r.ticketsCreated} created, ${r.ticketsResolved} resolved, ${r.owed ?? 0} owed, ${r.resolveFailed ?? 0} not resolved`,
        );
        // Tickets left open are the next cycle's to resolve, but the next cycle flips the fleet: run this one again
        // on the same fleet, as the next scheduled cycle would (the ledger counts cycles as the chaos run does).
        if (!r.resolveFailed) break;
      }
      cycles++;
      firstCycleDone();
      while ((active || cycles < 2) && Date.now() < startedAt + everyMs) await sleep(1_000);
    }
  })();
  // Dispatch monitors every 15 s (their schedules, faster): they start the timelines whose reminders fall due.
  const monitors = runDispatchMonitors(client, argsOf, 'drill', () => active, say);
  const dispatchActions = actOnDispatches(plan, () => sandbox.state, client, 'drill: site closed');

  await warm;
  say('load running: the steps begin');
  const results: Array<{ step: string; seconds: number; down: number; longest: number; served: number }> = [];
  /**
   * One step: the action, then until every shard answers (timed from the action's end) and SETTLE_MS more; what the
   * prober saw meanwhile, from the action's start.
   */
  const step = async (name: string, action: () => Promise<void>) => {
    const from = Date.now();
    await action();
    const { ms: served, said } = await shardsServed(Date.now());
    for (const [what, times] of said) say(`  a shard did not answer ${times}× (${what})`);
    await sleep(SETTLE_MS);
    const { seconds, longest } = unavailability(probes, from, Date.now());
    results.push({ step: name, seconds: (Date.now() - from) / 1000, down: seconds, longest, served: served / 1000 });
    say(
      `${name}: calls failed ${seconds.toFixed(1)} s (longest ${longest.toFixed(1)} s), every shard answered ${(served / 1000).toFixed(1)} s after it`,
    );
  };
  const rolling: Array<[Service, number]> = SERVICES.flatMap((s) =>
    Array.from({ length: replicas }, (_, i): [Service, number] => [s, i + 1]),
  );
  for (const [service, r] of rolling)
    await step(`restart ${service === 'worker' ? 'internal-worker' : service}-${r} (SIGTERM, then started again)`, () =>
      cluster.restart(service, r),
    );
  /** Ms from `since` until the shards' owners (`host:port` each) satisfy `done`, at most `maxMs`. */
  const untilOwners = async (done: (owners: string[]) => boolean, since: number, maxMs = 300_000) => {
    while (Date.now() - since < maxMs) {
      const owners = [...(await shardOwners(db).catch(() => new Map<number, string>())).values()];
      if (owners.length > 0 && done(owners)) break;
      await sleep(250);
    }
    return Date.now() - since;
  };
  const history1 = `${serviceHost('history', 1, replicas)}:`;
  let moved = 0;
  await step('kill -9 history-1, kept down until its shards moved', async () => {
    const at = Date.now();
    await cluster.hold('history', 1);
    moved = await untilOwners((owners) => !owners.some((o) => o.startsWith(history1)), at);
    say(`history-1's shards moved to the others in ${(moved / 1000).toFixed(1)} s`);
  });
  await step('history-1 started again, until it owns shards again', async () => {
    cluster.release('history', 1);
    await untilOwners((owners) => owners.some((o) => o.startsWith(history1)), Date.now(), 120_000);
  });
  await step('kill -9 frontend-1, kept down 30 s', async () => {
    await cluster.hold('frontend', 1);
    await sleep(30_000);
  });
  await step('frontend-1 started again', async () => cluster.release('frontend', 1));
  await step('restart PostgreSQL', async () => cluster.restartDatabase());
  await step('kill -9 a worker process (restarted by its supervisor)', async () => {
    say(`killed worker ${workers.kill('one').join(', ')}`);
    await sleep(20_000);
  });

  // The load runs on until every reminder fell due, then the engine settles and the ledger is read.
  while (Date.now() < plan.lastReminderAt + 20_000) await sleep(1_000);
  active = false;
  await Promise.all([outage, monitors, dispatchActions]);
  const flap = config.monitors.outage.flap.transitions;
  let rows = tallyChaos(plan, cycles, sandbox.state, flap);
  for (const settleBy = Date.now() + 240_000; Date.now() < settleBy && rows.some((r) => r.lost > 0);) {
    await sleep(5_000);
    rows = tallyChaos(plan, cycles, sandbox.state, flap);
  }
  probing = false;
  await prober;

  console.log('');
  const cells = (c: Array<string | number>, first = 58, width = 19) =>
    console.log(c.map((x, i) => (i === 0 ? String(x).padEnd(first) : String(x).padStart(width))).join(''));
  cells(['step', 'step s', 'calls failed s', 'longest s', 'shards ok after s']);
  for (const r of results)
    cells([r.step, r.seconds.toFixed(1), r.down.toFixed(1), r.longest.toFixed(1), r.served.toFixed(1)]);
  console.log(`history-1's shards moved to the other host(s) in ${(moved / 1000).toFixed(1)} s`);
  console.log('');
  cells(['side effect', 'expected', 'delivered', 'dups', 'lost', 'unexpected'], 40, 12);
  for (const r of rows) cells([r.what, r.expected, r.delivered, r.duplicates, r.lost, r.unexpected], 40, 12);
  const total = (k: 'duplicates' | 'lost' | 'unexpected') => rows.reduce((s, r) => s + r[k], 0);
  const worst = Math.max(...results.map((r) => r.down));
  console.log('');
  for (const [k, v] of [
    ['outage cycles completed', cycles],
    ['worker exits not caused by the drill', workers.unexpectedExits],
    ['most seconds of failed calls in one step (target <= 10)', worst.toFixed(1)],
    ['duplicates (target 0)', total('duplicates')],
    ['lost (target 0)', total('lost')],
    ['unexpected', total('unexpected')],
    ['wall time s', Math.round((Date.now() - t0) / 1000)],
  ] as const)
    console.log(`${k.padEnd(58)} ${v}`);
  await client.connection.close();
  await stopRegistered();
  process.exitCode = total('duplicates') + total('lost') + total('unexpected') === 0 && worst <= 10 ? 0 : 1;
}

runBench(main);
