// bench/dispatch-timelines: confirmed dispatch timelines asleep, then their reminders falling due, on a dev server of
// its own with every worker pool in this process (the sandbox in one of its own: the carrier and Bruin are remote in
// production). Prints, against raw baselines of the same run:
// - memory: the process's RSS (after a GC) before, at the peak of the start burst and with `asleep` timelines asleep,
//   and what one cached timeline costs; idle CPU while they sleep against the engine idle before;
// - capacity: the reminder rate at which lateness p99 stays <= 2 s, found on a ladder of rates for a no-op timeline
//   of the same shape (asleep until due, one workflow task, two no-op activities side by side) and then for ours;
//   then ours again at 80 % of its own capacity;
// - cost: where this process's CPU went while our reminders fell due (a CPU profile), and where a reminder's
//   lateness goes at the highest rate ours kept up with (from a sample of histories).
// Targets (issue 31): RSS <= 600 MB at 2,000 and 10,000 asleep; our capacity >= 0.6 of the no-op's; p99 <= 2 s at 80 %.
// Usage: npx tsx --expose-gc bench/dispatch-timelines.ts [asleep=2000] [rates=8,12,16,20,24,28,32,40] [perStep=150]
// (WORKFLOW_CACHE_SIZE=<n> sets the orchestration worker's workflow cache, as in production)
import { availableParallelism } from 'node:os';
import { Context } from '@temporalio/activity';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { createDataConverter } from '../codec/data-converter';
import { initialTimeline, type DispatchSnapshot, type TimelineState } from '../domain/dispatch';
import { ORCHESTRATION_QUEUE } from '../domain/task-queues';
import { emptyState } from '../sandbox/state';
import type { DispatchTimelineInput } from '../workflows/dispatch/api';
import { runBench } from './cleanup';
import { startCpuProfile } from './cpu-profile';
import { eventMs } from './event-time';
import { startBenchEngine, type OwnProcessSandbox } from './harness';
import {
  capacity,
  dueOf,
  ladder,
  lastDueOf,
  P99_TARGET_S,
  pct,
  stepResults,
  type Step,
  type StepResult,
} from './ladder';

const TICKETS = 50;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
/** RSS after a GC, and another once V8 has had a second to give freed pages back. */
const gcRss = async () => {
  global.gc?.();
  await new Promise((r) => setTimeout(r, 1_000));
  global.gc?.();
  return process.memoryUsage().rss;
};
/** Resolves at the instant `t` (ms), at once if it has passed. */
const until = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

type Engine = Awaited<ReturnType<typeof startBenchEngine<OwnProcessSandbox>>>;

/** A confirmed timeline whose 2-hour reminder falls due at `dueAt` (started confirmed, as a continued run is). */
function confirmedTimeline(number: string, n: number, dueAt: number, confirmedAt: number): DispatchTimelineInput {
  const snapshot: DispatchSnapshot = {
    vendor: 'cts',
    dispatchNumber: number,
    ticketId: String(7_000_000 + (n % TICKETS)),
    reference: `IGZ-${number}`,
    status: 'confirmed',
    vendorStatus: 'Scheduled',
    appointment: new Date(dueAt + 2 * 3_600_000).toISOString(),
    timeZone: 'America/New_York',
    techName: 'Joe',
    sitePhone: `+1212555${String(n % 10_000).padStart(4, '0')}`,
  };
  const state: TimelineState = {
    ...initialTimeline(snapshot),
    phase: 'confirmed',
    confirmedAt: new Date(confirmedAt).toISOString(),
    reminders: { 'reminder-12h': 'skipped', 'reminder-2h': 'pending' },
    toldTech: 'Joe',
    toldAppointment: snapshot.appointment,
  };
  return { snapshot, state, completeAfterHours: 24 };
}

/** Starts timelines 50 at a time. */
async function startAll(items: Array<() => Promise<unknown>>) {
  for (let i = 0; i < items.length; i += 50) await Promise.all(items.slice(i, i + 50).map((start) => start()));
}

/** Our timelines for `steps`, started now; answers when each reminder's SMS reached the carrier. */
async function oursLadder(engine: Engine, steps: Step[], startedAt: number) {
  let n = 0;
  await startAll(
    steps.flatMap((step) =>
      step.numbers.map((number, i) => {
        const input = confirmedTimeline(number, n++, dueOf(step, i), startedAt);
        return () =>
          engine.client.workflow.start('dispatchTimeline', {
            taskQueue: ORCHESTRATION_QUEUE,
            workflowId: `dispatch/cts/${number}`,
            args: [input],
          });
      }),
    ),
  );
  return async (deadline: number) => {
    const sent = new Map<string, number>();
    const want = new Set(steps.flatMap((s) => s.numbers));
    // The carrier stamps each receipt: its outbox is read once the last is due, then every 5 s (reading costs it).
    while (sent.size < want.size && Date.now() < deadline) {
      for (const sms of (await engine.sandbox.state()).outbox.sms) {
        const m = /dispatch ((?:BENCH|AT80)-[\d-]+)/.exec(sms.body);
        if (m && want.has(m[1]) && !sent.has(m[1])) sent.set(m[1], Date.parse(sms.receivedAt));
      }
      if (sent.size < want.size) await new Promise((r) => setTimeout(r, 5_000));
    }
    return sent;
  };
}

/** The no-op timeline's worker (same process, same cache size as ours) and its activities' stamps. */
async function startNoopTimelines(engine: Engine, cacheSize: number) {
  const doneAt = new Map<string, number>();
  const dataConverter = createDataConverter(engine.config.codec);
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const activities = await Worker.create({
    connection: engine.connection,
    dataConverter,
    taskQueue: 'bench-noop',
    activities: {
      async stamp() {
        const id = Context.current().info.workflowExecution?.workflowId ?? '';
        doneAt.set(id, Math.max(doneAt.get(id) ?? 0, Date.now()));
      },
    },
  });
  const timelines = await Worker.create({
    connection: engine.connection,
    dataConverter,
    taskQueue: 'bench-orchestration',
    maxCachedWorkflows: cacheSize,
    workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('./noop-workflow'), logger: quiet }),
  });
  const running = Promise.all([activities.run(), timelines.run()]);
  return {
    async start(steps: Step[]) {
      await startAll(
        steps.flatMap((step) =>
          step.numbers.map(
            (number, i) => () =>
              engine.client.workflow.start('noopTimeline', {
                taskQueue: 'bench-orchestration',
                workflowId: number,
                args: [dueOf(step, i)],
              }),
          ),
        ),
      );
    },
    async done(steps: Step[], deadline: number) {
      const want = steps.flatMap((s) => s.numbers);
      while (want.some((n) => !doneAt.has(n)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1_000));
      return doneAt;
    },
    async stop() {
      activities.shutdown();
      timelines.shutdown();
      await running;
    },
  };
}

async function main() {
  const [asleep = 2000] = process.argv.slice(2, 3).map(Number);
  const rates = (process.argv[3] ?? '8,12,16,20,24,28,32,40').split(',').map(Number);
  const perStep = Number(process.argv[4] ?? 150);
  if (!(asleep >= 0) || rates.some((r) => !(r > 0)) || !(perStep > 0))
    throw new Error('usage: dispatch-timelines.ts [asleep=2000] [rates=8,12,16,...] [perStep=150]');
  const state = emptyState('bench');
  for (let i = 0; i < TICKETS; i++) {
    const id = String(7_000_000 + i);
    state.vendors.bruin.tickets[id] = {
      id,
      clientID: 9994,
      serviceNumber: `VC${i}`,
      category: 'Dispatch',
      ticketStatus: 'InProgress',
    };
  }
  const engine = await startBenchEngine(
    { ownProcess: { state } },
    {
      QUEUE_LIT_RATE_LIMIT: '10000',
      QUEUE_CTS_RATE_LIMIT: '10000',
      ...(process.env.WORKFLOW_CACHE_SIZE ? { WORKFLOW_CACHE_SIZE: process.env.WORKFLOW_CACHE_SIZE } : {}),
    },
  );
  const cacheSize = engine.config.queues.workflowCacheSize;
  const noop = await startNoopTimelines(engine, cacheSize);
  const row = (k: string, v: string) => {
    console.log(`${k.padEnd(64)} ${v.padStart(16)}`);
  };

  // Memory: the engine idle, then `asleep` timelines due hours from now (they never wake in this run).
  const idleCpuBare = await processCpuOver(15_000);
  const rssBefore = await gcRss();
  const heapBefore = process.memoryUsage().heapUsed;
  let rssPeak = 0;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 250);
  const startedAt = Date.now();
  await startAll(
    Array.from({ length: asleep }, (_, n) => {
      const number = `ASLEEP-${String(n).padStart(6, '0')}`;
      const input = confirmedTimeline(number, n, startedAt + 6 * 3_600_000, startedAt);
      return () =>
        engine.client.workflow.start('dispatchTimeline', {
          taskQueue: ORCHESTRATION_QUEUE,
          workflowId: `dispatch/cts/${number}`,
          args: [input],
        });
    }),
  );
  const startSeconds = (Date.now() - startedAt) / 1000;
  // Every timeline's first workflow task (and its eviction, past the cache) is done well within 30 s.
  await until(Date.now() + 30_000);
  clearInterval(sampler);
  const rssAsleep = await gcRss();
  const cached = Math.max(1, Math.min(cacheSize, asleep));
  const idleCpu = await processCpuOver(20_000);
  row('timelines asleep / workflow cache (WORKFLOW_CACHE_SIZE)', `${asleep} / ${cacheSize}`);
  row('started in (s)', startSeconds.toFixed(1));
  row('RSS before any timeline, after a GC (MB)', mb(rssBefore));
  row('RSS at the peak of the start burst (MB)', mb(rssPeak));
  row('RSS with all asleep, after a GC (MB; target <= 600)', mb(rssAsleep));
  row(
    'one cached timeline: RSS / JS heap (KB)',
    `${((rssAsleep - rssBefore) / cached / 1024).toFixed(0)} / ${((process.memoryUsage().heapUsed - heapBefore) / cached / 1024).toFixed(0)}`,
  );
  row('idle CPU: engine alone before / all asleep (% of all cores)', `${pct1(idleCpuBare)} / ${pct1(idleCpu)}`);

  // Capacity: the no-op timeline's ladder, then ours, each started ahead and asleep (mostly evicted) until due.
  const lead = 60_000;
  const noopSteps = ladder('NOOP-', rates, perStep, Date.now() + lead);
  await noop.start(noopSteps);
  const noopDone = await noop.done(noopSteps, lastDueOf(noopSteps) + 60_000);
  const noopResults = stepResults(noopSteps, noopDone);

  const oursStart = Date.now() + lead;
  const oursSteps = ladder('BENCH-', rates, perStep, oursStart);
  const oursSent = await oursLadder(engine, oursSteps, startedAt);
  await until(oursSteps[0].from);
  const profile = await startCpuProfile();
  await until(lastDueOf(oursSteps));
  const shares = await profile.stop();
  const oursResults = stepResults(oursSteps, await oursSent(lastDueOf(oursSteps) + 60_000));

  const noopCapacity = capacity(noopResults);
  const oursCapacity = capacity(oursResults);
  console.log(
    `\nlateness p50 / p99 (s) per rate, ${perStep} reminders each; a rate keeps up at p99 <= ${P99_TARGET_S} s`,
  );
  console.log(`${'reminders/s'.padEnd(12)} ${'no-op timeline'.padStart(18)} ${'dispatch timeline'.padStart(20)}`);
  for (const [i, rate] of rates.entries())
    console.log(
      `${String(rate).padEnd(12)} ${cellOf(noopResults[i]).padStart(18)} ${cellOf(oursResults[i]).padStart(20)}`,
    );
  row('capacity: no-op timeline / ours (reminders/s)', `${noopCapacity} / ${oursCapacity}`);
  row('ours / no-op (target >= 0.6)', noopCapacity ? (oursCapacity / noopCapacity).toFixed(2) : 'n/a');

  // Ours at 80 % of its own capacity, twice the reminders of a step.
  if (oursCapacity > 0) {
    const at80 = Math.round(oursCapacity * 0.8 * 10) / 10;
    const steps = ladder('AT80-', [at80], perStep * 2, Date.now() + lead);
    const sent = await oursLadder(engine, steps, startedAt);
    await until(lastDueOf(steps));
    const [r] = stepResults(steps, await sent(lastDueOf(steps) + 60_000));
    row(`ours at 80 % of its capacity, ${at80}/s: p50 / p99 (s; target p99 <= 2)`, cellOf(r));
  }

  console.log('\nwhere the worker process spent its CPU while our reminders fell due (share of busy samples):');
  for (const { part, share } of shares) console.log(`  ${part.padEnd(62)} ${(share * 100).toFixed(1).padStart(6)} %`);
  const sampled = oursSteps[Math.max(0, rates.indexOf(oursCapacity))];
  await printLatenessBreakdown(engine.client, sampled);
  await noop.stop();
  await engine.stop();
  process.exit(0);
}

const fmt = (s: number) => (Number.isFinite(s) ? s.toFixed(2) : '∞');
const cellOf = (r: StepResult) =>
  `${fmt(r.p50)} / ${fmt(r.p99)}${r.sent < r.count ? ` (${r.sent} of ${r.count} sent)` : ''}`;
const pct1 = (share: number) => (share * 100).toFixed(2);

/**
 * Where a reminder's lateness goes at one rate, from a sample of its histories: the server firing the timer late,
 * the wake-up workflow task waiting for a worker and running (a replay when the timeline was evicted), and the SMS
 * activity waiting for a notifier slot and running.
 */
async function printLatenessBreakdown(client: Client, step: Step) {
  const parts: Record<string, number[]> = {
    'timer fired after due': [],
    'wake-up task: scheduled → started': [],
    'wake-up task: started → completed': [],
    'SMS: scheduled → started': [],
    'SMS: started → completed': [],
  };
  const every = Math.max(1, Math.floor(step.count / 100));
  for (let i = 0; i < step.count; i += every) {
    const events = (await client.workflow.getHandle(`dispatch/cts/${step.numbers[i]}`).fetchHistory()).events ?? [];
    const fired = events.find((e) => e.timerFiredEventAttributes);
    const at = (pred: (e: (typeof events)[number]) => unknown, after: number) =>
      events.find((e) => Number(e.eventId) > after && pred(e));
    if (!fired) continue;
    const firedId = Number(fired.eventId);
    const scheduled = at((e) => e.workflowTaskScheduledEventAttributes, firedId - 1);
    const started = at((e) => e.workflowTaskStartedEventAttributes, firedId);
    const completed = at((e) => e.workflowTaskCompletedEventAttributes, firedId);
    const sms = at(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendSms',
      Number(completed?.eventId ?? firedId),
    );
    const of = (e: (typeof events)[number]) =>
      (e.activityTaskStartedEventAttributes ?? e.activityTaskCompletedEventAttributes)?.scheduledEventId?.toString();
    const smsStarted = sms && at((e) => e.activityTaskStartedEventAttributes && of(e) === String(sms.eventId), 0);
    const smsDone = sms && at((e) => e.activityTaskCompletedEventAttributes && of(e) === String(sms.eventId), 0);
    parts['timer fired after due'].push(eventMs(fired) - dueOf(step, i));
    if (scheduled && started) parts['wake-up task: scheduled → started'].push(eventMs(started) - eventMs(scheduled));
    if (started && completed) parts['wake-up task: started → completed'].push(eventMs(completed) - eventMs(started));
    if (sms && smsStarted) parts['SMS: scheduled → started'].push(eventMs(smsStarted) - eventMs(sms));
    if (smsStarted && smsDone) parts['SMS: started → completed'].push(eventMs(smsDone) - eventMs(smsStarted));
  }
  const n = parts['timer fired after due'].length;
  console.log(`\nwhere a reminder's lateness goes at ${step.rate}/s (${n} sampled), p50 / p99 s:`);
  for (const [k, v] of Object.entries(parts))
    console.log(`  ${k.padEnd(62)} ${`${fmt(pct(v, 0.5) / 1000)} / ${fmt(pct(v, 0.99) / 1000)}`.padStart(16)}`);
}

/** This process's CPU over the next `ms`, as a share of all cores. */
async function processCpuOver(ms: number): Promise<number> {
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, ms));
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / 1000 / (Date.now() - t0) / availableParallelism();
}

runBench(main);
