// `npm run chaos`: the engine under fire. A sandbox fleet whose faulty edges flap and dispatches whose
// timelines act within minutes run on the dev server while worker processes are `kill -9`ed (half of
// the kills while a vendor has acted and holds its answer: the acceptance-to-ledger window), the
// Temporal server is restarted (once killed, once stopped), and every vendor fails a share of requests.
// Then it prints, per kind of side effect, expected against delivered, duplicates and lost.
// With --vendor-outage M, Bruin then Slack each answer every request with a 503 for M minutes from the first
// outage cycle on (longer than any activity's retries): what they could not take is owed, and delivered after.
// Usage: npm run chaos [-- --edges 1000 --dispatches 100 --kills 20 --restarts 2 --fault-rate 0.3 --cycles 6
//                        --vendor-outage 10]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { FAULT_TARGETS } from '../sandbox/state';
import { connectClient } from '../temporal-config/client';
import { startDevServer, type RunningDevServer } from '../temporal-config/dev-server';
import type { OwedMarksCheck } from '../activities/app-store/owed-marks';
import type { OutageMonitorResult } from '../workflows/outage/outage-monitor';
import {
  actOnDispatches,
  flipFlapping,
  retrying,
  runDispatchMonitors,
  sleep,
  startWorld,
  timelineConfirmations,
  workflowRunner,
} from './chaos/load';
import { reminderDue, resentEmails, tallyChaos } from './chaos/tally';
import { startWorkerFleet } from './chaos/workers';
import { benchServerOptions } from './harness';
import { runBench, stopRegistered, untilBenchEnds } from './cleanup';
import { fraction, integerFrom, nonNegative, numberOptions, positive, stamped } from './options';

const t0 = Date.now();
const say = stamped('chaos', t0);

async function main() {
  const o = numberOptions({
    edges: integerFrom(1, 1000),
    dispatches: integerFrom(0, 100),
    kills: integerFrom(0, 20),
    restarts: integerFrom(0, 2),
    'fault-rate': fraction(0.3),
    cycles: integerFrom(1, 6),
    workers: integerFrom(1, 2),
    'reminder-after-s': positive(240),
    'vendor-outage': nonNegative(0),
  });
  const dir = mkdtempSync(join(tmpdir(), 'ae-chaos-'));
  const serverOptions = await benchServerOptions(dir);
  let server: RunningDevServer = await startDevServer(serverOptions);
  // Whatever happens below, nothing this run started outlives it (`server` is the one its last restart started).
  untilBenchEnds('the dev server', () => server.stop());
  const { plan, running, sandbox, env, config, argsOf } = await startWorld({
    temporalAddress: server.address,
    dir,
    keyId: 'chaos',
    edges: o.edges,
    dispatches: o.dispatches,
    reminderAfterMs: o['reminder-after-s'] * 1000,
  });
  say(
    `${plan.edges} edges (${plan.steadyDown.length} down, ${plan.flapping.length} flapping), ${plan.dispatches.length} dispatches; logs in ${dir}`,
  );

  untilBenchEnds('the sandbox', () => running.close());
  const workers = startWorkerFleet({ count: o.workers, env, logDir: dir });
  untilBenchEnds('the workers', () => workers.stop());
  const client: Client = await connectClient(config);
  const faultRate = o['fault-rate'];
  const fault = (errorRate: number) => ({
    errorRate,
    latencyMs: 0,
    replyDelayMs: 300,
    statusCode: 503,
    retryAfterSeconds: 1,
  });
  for (const vendor of FAULT_TARGETS) sandbox.faults.set(vendor, fault(faultRate));
  say(`every vendor fails ${Math.round(faultRate * 100)} % of requests and holds each answer 300 ms after acting`);

  const runWorkflow = workflowRunner(client);

  await runWorkflow('customerCacheRefresh', 'chaos-customer-cache', argsOf('customer-cache'));
  say('customer cache built');

  // The vendor outage phase: Bruin, then Slack, down for longer than any retry lasts, from the first outage cycle
  // (once the customer cache is built).
  const outageMs = o['vendor-outage'] * 60_000;
  const vendorOutage = (async () => {
    if (outageMs === 0) return;
    for (const vendor of ['bruin', 'slack'] as const) {
      sandbox.faults.set(vendor, fault(1));
      say(`vendor outage: ${vendor} answers every request with a 503 for ${outageMs / 60_000} minutes`);
      await sleep(outageMs);
      sandbox.faults.set(vendor, fault(faultRate));
      say(`vendor outage: ${vendor} is back (failing ${Math.round(faultRate * 100)} % as before)`);
    }
  })();

  let active = true;
  const counts = {
    kills: 0,
    killsInWindow: 0,
    processesKilled: 0,
    restarts: 0,
    cycles: 0,
    cycleRetries: 0,
    monitors: 0,
  };

  // Outage cycles back to back; between cycles the flapping edges change state (down in odd cycles).
  const outage = (async () => {
    const cycles = o.cycles;
    for (let c = 1; c <= cycles; c++) {
      flipFlapping(sandbox.state, plan, c);
      for (let attempt = 1; ; attempt++) {
        try {
          const r = await runWorkflow<OutageMonitorResult>(
            'outageMonitor',
            `chaos-outage-${c}-${attempt}`,
            argsOf('outage-monitor'),
          );
          say(
            `outage cycle ${c}: ${r.inOutage} in outage, ${r.ticketsCreated} created, ${r.ticketsUnresolved} unresolved, ${r.ticketsResolved} resolved, ${r.owed ?? 0} owed, ${r.discarded} discarded, ${r.resolveFailed ?? 0} not resolved, ${r.recheckFailed ?? 0} not rechecked`,
          );
          // Tickets left open, and faulty devices whose recheck gave up (VeloCloud unreachable past the recheck's
          // retries: a read, no side effect taken), are the next cycle's; here the next cycle flips the fleet, so
          // run this one again on the same fleet, as the next scheduled cycle would.
          if (r.resolveFailed || r.recheckFailed) {
            counts.cycleRetries++;
            continue;
          }
          counts.cycles++;
          break;
        } catch (err) {
          counts.cycleRetries++;
          say(`outage cycle ${c} attempt ${attempt} failed (${(err as Error).message}); running it again`);
        }
      }
    }
  })();

  // Dispatch monitors every 15 s, as their schedules would (faster).
  const monitors = runDispatchMonitors(client, argsOf, 'chaos', () => active, say);

  // Once a dispatch's confirmation is out: the tech arrives (on-site group) or ops ask to cancel (cancel group).
  const dispatchActions = actOnDispatches(plan, () => sandbox.state, client, 'chaos: site closed');

  // The chaos itself: kills spread over the active window, half of them aimed at a held vendor answer.
  const windowMs = Math.max(plan.lastReminderAt - Date.now() + 30_000, 120_000);
  const restartsAt = Array.from({ length: o.restarts }, (_, i) => ((i + 1) * windowMs) / (o.restarts + 1));
  const chaos = (async () => {
    const kills = o.kills;
    const start = Date.now();
    for (let k = 0; k < kills; k++) {
      const due = start + ((k + Math.random()) * windowMs) / kills;
      while (Date.now() < due) {
        const next = restartsAt[counts.restarts];
        if (next !== undefined && Date.now() - start >= next) {
          const hard = counts.restarts % 2 === 0;
          say(`Temporal server ${hard ? 'killed (-9)' : 'stopped'}; restarting it on the same database`);
          if (hard) {
            server.process.kill('SIGKILL');
            await server.exited;
          } else await server.stop();
          server = await startDevServer(serverOptions);
          counts.restarts++;
          say('Temporal server back');
        }
        await sleep(200);
      }
      // Right after a kill the fleet is still spawning the replacements: a kill with nobody to kill is not one.
      while (workers.alive() === 0) await sleep(100);
      const aimed = k % 2 === 0;
      if (aimed) for (let i = 0; i < 50 && sandbox.heldReplies === 0; i++) await sleep(100);
      const inWindow = sandbox.heldReplies > 0;
      const pids = workers.kill(aimed ? 'all' : 'one');
      counts.kills++;
      counts.processesKilled += pids.length;
      if (inWindow) counts.killsInWindow++;
      say(`kill -9 ${pids.join(', ')}${inWindow ? ' while a vendor held an answer' : ''}`);
    }
  })();

  await Promise.all([outage, chaos, dispatchActions, vendorOutage]);
  while (Date.now() < plan.lastReminderAt + 20_000) await sleep(1_000);
  say('chaos over: faults off, waiting for the engine to settle');
  sandbox.faults.clear();
  const settleBy = Date.now() + 240_000;
  // Whether a reminder was due: the timelines' own confirmation times (an SMS held by retries arrives late).
  const confirmedAt = await timelineConfirmations(plan, client);
  const tally = () =>
    tallyChaos(plan, counts.cycles, sandbox.state, config.monitors.outage.flap.transitions, confirmedAt);
  let rows = tally();
  while (Date.now() < settleBy && rows.some((r) => r.lost > 0)) {
    await sleep(5_000);
    rows = tally();
  }
  active = false;
  counts.monitors = await monitors;

  // Owed queues this run needed (a vendor did not take a side effect within its retries), and any still owing.
  const owedRuns = await retrying('count owed queues', () => client.workflow.count("WorkflowType = 'owedWork'"));
  const owing = await retrying('count owing queues', () =>
    client.workflow.count("WorkflowType = 'owedWork' AND ExecutionStatus = 'Running'"),
  );
  // Every owed mark left must be held by a running workflow that owes: one whose holder ended without clearing it
  // would keep SideEffectsOwedTooLong firing. No grace: nothing is being decided any more.
  const marks = await runWorkflow<OwedMarksCheck>('owedMarksCheck', 'chaos-owed-marks-check', [{ graceMinutes: 0 }]);
  for (const m of marks.cleared)
    say(`owed mark nothing delivers: ${m.subject} (${m.holder}, ${m.holderStatus}, ${m.why})`);
  const line = (cells: Array<string | number>) =>
    console.log(cells.map((c, i) => (i === 0 ? String(c).padEnd(40) : String(c).padStart(12))).join(''));
  console.log('');
  line(['side effect', 'expected', 'delivered', 'dups', 'lost', 'unexpected']);
  for (const r of rows) line([r.what, r.expected, r.delivered, r.duplicates, r.lost, r.unexpected]);
  console.log('');
  const total = (k: 'duplicates' | 'lost' | 'unexpected') => rows.reduce((s, r) => s + r[k], 0);
  // Reminders the engine rightly skipped: Bruin (down) could not confirm the dispatch was ours before they were due.
  const covered = { covered: 0, unsure: 0 };
  for (const due of reminderDue(plan, sandbox.state, confirmedAt).values()) if (due !== 'expected') covered[due]++;
  for (const [k, v] of [
    ['kills (kill -9 events)', counts.kills],
    ['  of them while a vendor held an answer', counts.killsInWindow],
    ['  worker processes killed', counts.processesKilled],
    ['worker exits not caused by a kill', workers.unexpectedExits],
    ['Temporal server restarts', counts.restarts],
    ['outage cycles completed', counts.cycles],
    ['  cycles run again (failed, rechecks given up, or tickets left unresolved)', counts.cycleRetries],
    ['dispatch monitor runs started', counts.monitors],
    ['reminders covered by a late confirmation', covered.covered],
    ['  reminders not counted (confirmed within 1 min of them)', covered.unsure],
    ['owed queues (owedWork runs)', owedRuns.count],
    ['  still owing at the end', owing.count],
    ['owed marks at the end', marks.checked],
    ['  held by no running workflow that owes', marks.cleared.length],
    ['emails resent under the same Message-ID', resentEmails(sandbox.state)],
    ['duplicates (all side effects)', total('duplicates')],
    ['lost (all side effects)', total('lost')],
    ['unexpected (all side effects)', total('unexpected')],
    ['wall time s', Math.round((Date.now() - t0) / 1000)],
  ] as const)
    console.log(`${k.padEnd(48)} ${v}`);

  await client.connection.close();
  await stopRegistered();
  process.exitCode = total('duplicates') + total('lost') + total('unexpected') + marks.cleared.length === 0 ? 0 : 1;
}

runBench(main);
