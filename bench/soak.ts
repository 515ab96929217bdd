// `npm run bench:soak`: does a worker process hold its memory over hours of monitor cycles? One `npm run worker`
// (every pool) on its own dev server and sandbox: first idle (the baseline: what its memory does with no work), then
// the monitors back to back (outage cycles with flapping edges, the sites monitor, both dispatch monitors), far more
// often than their schedules run them. Its RSS is sampled throughout; the bench prints the growth per hour of work
// over the second half of each phase (the first half fills the caches and warms the isolates), next to the idle one.
// Usage: npm run bench:soak [-- --edges 1000 --dispatches 40 --idle-minutes 3 --minutes 12]
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectClient } from '../temporal-config/client';
import { startDevServer } from '../temporal-config/dev-server';
import type { OutageMonitorResult } from '../workflows/outage/outage-monitor';
import { flipFlapping, sleep, startWorld, workflowRunner } from './chaos/load';
import { startWorkerFleet } from './chaos/workers';
import { benchServerOptions } from './harness';
import { growthPerHour, quarterMedians, type Sample } from './growth';
import { processMemory } from './proc';
import { integerFrom, numberOptions, positive, stamped } from './options';
import { runBench, stopRegistered, untilBenchEnds } from './cleanup';

const t0 = Date.now();
const say = stamped('soak', t0, 5);

async function main() {
  const o = numberOptions({
    edges: integerFrom(1, 1000),
    dispatches: integerFrom(1, 40),
    'idle-minutes': positive(3),
    minutes: positive(12),
  });
  const dir = mkdtempSync(join(tmpdir(), 'ae-soak-'));
  const server = await startDevServer(await benchServerOptions(dir));
  untilBenchEnds('the dev server', () => server.stop());
  const { plan, running, sandbox, env, config, argsOf } = await startWorld({
    temporalAddress: server.address,
    dir,
    keyId: 'soak',
    edges: o.edges,
    dispatches: o.dispatches,
    // The reminders fall due within the run: the timelines sleep, wake and text while it goes on.
    reminderAfterMs: o.minutes * 30_000,
  });
  untilBenchEnds('the sandbox', () => running.close());
  const worker = startWorkerFleet({ count: 1, env, logDir: dir });
  untilBenchEnds('the worker', () => worker.stop());
  const client = await connectClient(config);
  const runWorkflow = workflowRunner(client);
  await runWorkflow('customerCacheRefresh', 'soak-customer-cache', argsOf('customer-cache'));
  const pid = worker.pids()[0];
  say(
    `${plan.edges} edges (${plan.flapping.length} flapping), ${plan.dispatches.length} dispatches; worker PID ${pid}`,
  );

  const samples: Record<'idle' | 'load', Sample[]> = { idle: [], load: [] };
  const now: { phase: 'idle' | 'load' | 'done' } = { phase: 'idle' };
  const sampler = (async () => {
    while (now.phase !== 'done') {
      const rss = processMemory(pid).rss;
      if (Number.isNaN(rss)) throw new Error(`the worker (PID ${pid}) ended during the soak: see ${dir}/workers.log`);
      samples[now.phase].push({ atMs: Date.now(), rssMb: rss / 1024 });
      await sleep(5_000);
    }
  })();
  // A worker that dies fails the run where the sampler is awaited, not as an unhandled rejection before it.
  sampler.catch(() => undefined);

  say(`idle for ${o['idle-minutes']} min (the baseline)`);
  await sleep(o['idle-minutes'] * 60_000);
  now.phase = 'load';
  const until = Date.now() + o.minutes * 60_000;
  say(`monitors back to back for ${o.minutes} min`);
  let rounds = 0;
  let tickets = 0;
  for (let c = 1; Date.now() < until; c++) {
    flipFlapping(sandbox.state, plan, c);
    const outage = await runWorkflow<OutageMonitorResult>(
      'outageMonitor',
      `soak-outage-${c}`,
      argsOf('outage-monitor'),
    );
    tickets += outage.ticketsCreated;
    await runWorkflow('sitesMonitor', `soak-sites-${c}`, argsOf('sites-monitor'));
    for (const vendor of ['lit', 'cts'] as const)
      await runWorkflow('dispatchMonitor', `soak-${vendor}-monitor-${c}`, argsOf(`${vendor}-dispatch-monitor`));
    rounds = c;
    if (c % 5 === 0) say(`${c} rounds; worker RSS ${samples.load.at(-1)?.rssMb.toFixed(0)} MB`);
  }
  now.phase = 'done';
  await sampler;
  const timelines = await client.workflow.count("WorkflowType = 'dispatchTimeline'");
  writeFileSync(join(dir, 'soak-samples.json'), JSON.stringify(samples));

  const mb = (n: number) => n.toFixed(1);
  const quarters = quarterMedians(samples.load);
  const first = (s: Sample[]) => s[0].rssMb;
  const last = (s: Sample[]) => s[s.length - 1].rssMb;
  const peak = (s: Sample[]) => Math.max(...s.map((p) => p.rssMb));
  console.log('');
  for (const [k, v] of [
    [
      'worker RSS idle: first / last / peak, MB',
      `${mb(first(samples.idle))} / ${mb(last(samples.idle))} / ${mb(peak(samples.idle))}`,
    ],
    [
      'worker RSS under load: first / last / peak, MB',
      `${mb(first(samples.load))} / ${mb(last(samples.load))} / ${mb(peak(samples.load))}`,
    ],
    ['median RSS under load: first quarter / last quarter, MB', `${mb(quarters.first)} / ${mb(quarters.last)}`],
    ['growth idle (second half), MB per hour', mb(growthPerHour(samples.idle))],
    ['growth under load (second half), MB per hour', mb(growthPerHour(samples.load))],
    ['rounds (outage, sites, LIT and CTS dispatch monitors)', rounds],
    ['outage tickets created', tickets],
    ['dispatch timelines started', timelines.count],
    ['samples idle / under load', `${samples.idle.length} / ${samples.load.length}`],
    ['samples (JSON)', join(dir, 'soak-samples.json')],
    ['wall time s', Math.round((Date.now() - t0) / 1000)],
  ] as const)
    console.log(`${k.padEnd(56)} ${v}`);
  await client.connection.close();
  await stopRegistered();
}

runBench(main);
