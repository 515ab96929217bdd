// bench/dispatch-timelines: confirmed dispatch timelines asleep, then their reminders falling due, on a dev server of
// its own with every worker pool in this process (the sandbox in one of its own: the carrier and Bruin are remote in
// production). Prints, against raw baselines of the same run:
// - memory: the process's RSS (after a GC) before, at the peak of the start burst and with `asleep` timelines asleep,
//   and what one cached timeline costs; idle CPU while they sleep against the engine idle before;
// - capacity: the reminder rate at which lateness p99 stays <= 2 s, found on a ladder of rates for a no-op timeline
//   of the same shape (asleep until due, one workflow task, two no-op activities side by side) and then for ours;
//   then ours again at 80 % of its own capacity;
// - cost: the CPU a reminder costs per part of the engine, the no-op timeline's beside ours (a CPU profile of a step of
//   each at our capacity), where a reminder's lateness goes at each rate, and the workflow tasks a reminder takes
//   (from a sample of histories).
// Targets (issue 31): RSS <= 600 MB at 2,000 and 10,000 asleep; our capacity >= 0.6 of the no-op's; p99 <= 2 s at 80 %.
// Usage: npx tsx bench/dispatch-timelines.ts [asleep=2000] [rates=8,16,24,28,32,40,48,56,64,80,96,128] [perStep=150]
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
import { integerFrom, listOf, positionalNumbers, POSITIVE } from './options';
import { startCpuProfile, type PartShare } from './cpu-profile';
import { eventMs } from './event-time';
import { reminderTasks } from './history';
import { memoryAfterGc } from './inspector';
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

/**
 * Starts timelines 50 at a time, or paced at `perSecond`. A ladder's timelines are paced: a timeline computes its
 * timer from the time its first workflow task started, and the server counts it from when the task completed, so a
 * first task that waited in a busy worker sets its reminder that much late (a start burst, not the reminders' cost).
 */
async function startAll(items: Array<() => Promise<unknown>>, perSecond = Infinity) {
  const batch = Number.isFinite(perSecond) ? Math.max(1, Math.round(perSecond / 2)) : 50;
  for (let i = 0; i < items.length; i += batch) {
    const t = Date.now();
    await Promise.all(items.slice(i, i + batch).map((start) => start()));
    if (Number.isFinite(perSecond)) await until(t + (batch * 1000) / perSecond);
  }
}
/** How fast a ladder's timelines are started, and the time they are given to settle after the last. */
const LADDER_STARTS_PER_SECOND = 25;
const SETTLE_MS = 30_000;
const leadFor = (steps: Step[]) => (steps.length * steps[0].count * 1000) / LADDER_STARTS_PER_SECOND + SETTLE_MS;

/** Starts one of our timelines as the dispatch monitor would, under the dispatch's workflow ID. */
const startTimeline = (engine: Engine, number: string, input: DispatchTimelineInput) =>
  engine.client.workflow.start('dispatchTimeline', {
    taskQueue: ORCHESTRATION_QUEUE,
    workflowId: `dispatch/cts/${number}`,
    args: [input],
  });

/** Our timelines for `steps`, started now; answers when each reminder's SMS reached the carrier. */
async function oursLadder(engine: Engine, steps: Step[], startedAt: number) {
  let n = 0;
  await startAll(
    steps.flatMap((step) =>
      step.numbers.map((number, i) => {
        const input = confirmedTimeline(number, n++, dueOf(step, i), startedAt);
        return () => startTimeline(engine, number, input);
      }),
    ),
    LADDER_STARTS_PER_SECOND,
  );
  return async (deadline: number) => {
    const sent = new Map<string, number>();
    const want = new Set(steps.flatMap((s) => s.numbers));
    // The carrier stamps each receipt: its outbox is read once the last is due, then every 5 s (reading costs it).
    while (sent.size < want.size && Date.now() < deadline) {
      for (const sms of (await engine.sandbox.state()).outbox.sms) {
        const m = /dispatch ((?:BENCH|AT80|PROF)-[\d-]+)/.exec(sms.body);
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
        LADDER_STARTS_PER_SECOND,
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

/** A profiled step is sampled until this long after its last reminder fell due: the reminders late at capacity. */
const PROFILE_TAIL_MS = 2_000;

async function main() {
  const { asleep, rates, perStep } = positionalNumbers({
    asleep: integerFrom(0, 2000),
    rates: listOf(POSITIVE, [8, 16, 24, 28, 32, 40, 48, 56, 64, 80, 96, 128]),
    perStep: integerFrom(1, 150),
  });
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
  const before = await memoryAfterGc();
  let rssPeak = 0;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 250);
  const startedAt = Date.now();
  await startAll(
    Array.from({ length: asleep }, (_, n) => {
      const number = `ASLEEP-${String(n).padStart(6, '0')}`;
      const input = confirmedTimeline(number, n, startedAt + 6 * 3_600_000, startedAt);
      return () => startTimeline(engine, number, input);
    }),
  );
  const startSeconds = (Date.now() - startedAt) / 1000;
  // Asleep once every first workflow task (and its eviction, past the cache) is done: the worker goes quiet.
  const settling = await untilQuiet();
  clearInterval(sampler);
  const settled = await memoryAfterGc();
  const cached = Math.max(1, Math.min(cacheSize, asleep));
  const idleCpu = await processCpuOver(20_000);
  row('timelines asleep / workflow cache (WORKFLOW_CACHE_SIZE)', `${asleep} / ${cacheSize}`);
  row('started in / then settled within (s)', `${startSeconds.toFixed(1)} / ${settling.toFixed(0)}`);
  row('RSS before any timeline, after a GC in every thread (MB)', mb(before.rss));
  row('RSS at the peak of the start burst (MB)', mb(rssPeak));
  row('RSS all asleep, after a GC in every thread (MB; target <= 600)', mb(settled.rss));
  row(
    'one cached timeline: RSS / JS heap of every thread (KB)',
    asleep === 0
      ? 'n/a (none asleep)'
      : `${((settled.rss - before.rss) / cached / 1024).toFixed(0)} / ${((settled.heapUsed - before.heapUsed) / cached / 1024).toFixed(0)}`,
  );
  row('idle CPU: engine alone before / all asleep (% of all cores)', `${pct1(idleCpuBare)} / ${pct1(idleCpu)}`);

  // Capacity: the no-op timeline's ladder, then ours, each started ahead and asleep (mostly evicted) until due.
  const lead = leadFor(ladder('', rates, perStep, 0));
  const noopSteps = ladder('NOOP-', rates, perStep, Date.now() + lead);
  await noop.start(noopSteps);
  const noopDone = await noop.done(noopSteps, lastDueOf(noopSteps) + 60_000);
  const noopResults = stepResults(noopSteps, noopDone);

  const oursStart = Date.now() + lead;
  const oursSteps = ladder('BENCH-', rates, perStep, oursStart);
  const oursSent = await oursLadder(engine, oursSteps, startedAt);
  await until(lastDueOf(oursSteps));
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
  // A ladder's top rate kept up with is a floor of the capacity, not the capacity: say so.
  const top = rates[rates.length - 1];
  const atLeast = (c: number) => (c === top ? `>= ${c}` : String(c));
  row('capacity: no-op timeline / ours (reminders/s)', `${atLeast(noopCapacity)} / ${atLeast(oursCapacity)}`);
  row(
    'ours / no-op (target >= 0.6)',
    noopCapacity ? `${noopCapacity === top ? '<= ' : ''}${(oursCapacity / noopCapacity).toFixed(2)}` : 'n/a',
  );

  // Ours at 80 % of its own capacity, twice the reminders of a step.
  if (oursCapacity > 0) {
    const at80 = Math.round(oursCapacity * 0.8 * 10) / 10;
    const steps = ladder('AT80-', [at80], perStep * 2, Date.now() + leadFor(ladder('', [at80], perStep * 2, 0)));
    const sent = await oursLadder(engine, steps, startedAt);
    await until(lastDueOf(steps));
    const [r] = stepResults(steps, await sent(lastDueOf(steps) + 60_000));
    row(`ours at 80 % of its capacity, ${at80}/s: p50 / p99 (s; target p99 <= 2)`, cellOf(r));
  }

  // The profile slows what it samples, so it gets steps of its own, after the measured ones: the no-op timeline and
  // ours at our capacity, the CPU each reminder costs per part of the engine side by side.
  const profiledRate = oursCapacity || rates[0];
  const profileStep = async (
    prefix: string,
    run: (steps: Step[]) => Promise<(deadline: number) => Promise<unknown>>,
  ) => {
    const steps = ladder(prefix, [profiledRate], perStep, Date.now() + leadFor(ladder('', [profiledRate], perStep, 0)));
    const finished = await run(steps);
    await until(steps[0].from);
    const profile = await startCpuProfile();
    await until(lastDueOf(steps) + PROFILE_TAIL_MS);
    const shares = await profile.stop();
    await finished(lastDueOf(steps) + 30_000);
    return shares;
  };
  const noopShares = await profileStep('NOOPPROF-', async (steps) => {
    await noop.start(steps);
    return (deadline) => noop.done(steps, deadline);
  });
  const oursShares = await profileStep('PROF-', (steps) => oursLadder(engine, steps, startedAt));
  console.log(
    `\nwhere the worker process's CPU goes per reminder at ${profiledRate}/s, ms over all its threads (profiled):`,
  );
  console.log(`  ${'part'.padEnd(52)} ${'no-op'.padStart(7)} ${'ours'.padStart(7)} ${'share of ours'.padStart(14)}`);
  const perReminder = (ms = 0) => (ms / perStep).toFixed(2).padStart(7);
  for (const { part, share, ms } of oursShares)
    console.log(
      `  ${part.padEnd(52)} ${perReminder(noopShares.find((n) => n.part === part)?.ms)} ${perReminder(ms)} ${`${(share * 100).toFixed(1)} %`.padStart(14)}`,
    );
  const total = (shares: PartShare[]) => shares.reduce((n, p) => n + p.ms, 0);
  console.log(`  ${'all'.padEnd(52)} ${perReminder(total(noopShares))} ${perReminder(total(oursShares))}`);
  await printLatenessBreakdown(engine.client, oursSteps);
  await printTasksPerReminder(engine.client, noopSteps[0], oursSteps[0]);
  await noop.stop();
  await engine.stop();
  process.exit(0);
}

const fmt = (s: number) => (Number.isFinite(s) ? s.toFixed(2) : '∞');
const cellOf = (r: StepResult) =>
  `${fmt(r.p50)} / ${fmt(r.p99)}${r.sent < r.count ? ` (${r.sent} of ${r.count} sent)` : ''}`;
const pct1 = (share: number) => (share * 100).toFixed(2);

/**
 * Where a reminder's lateness goes at each rate, p50 / p99 of a sample of each step's histories: the server firing the
 * timer late, the wake-up workflow task waiting for a worker and running (a replay when the timeline was evicted), and
 * the SMS activity waiting for a notifier slot and running.
 */
async function printLatenessBreakdown(client: Client, steps: Step[]) {
  const names = ['timer late', 'task wait', 'task run', 'SMS wait', 'SMS run'] as const;
  console.log(
    `\nwhere our reminders' lateness goes, p50 / p99 s (30 sampled per rate): the server firing the timer late,`,
  );
  console.log(
    'the wake-up workflow task waiting for the worker and running (a replay if evicted), the SMS waiting and running',
  );
  console.log(`${'rate'.padEnd(6)} ${names.map((n) => n.padStart(13)).join(' ')}`);
  for (const step of steps) {
    const parts: number[][] = names.map(() => []);
    const every = Math.max(1, Math.floor(step.count / 30));
    for (let i = 0; i < step.count; i += every) {
      const events = (await client.workflow.getHandle(`dispatch/cts/${step.numbers[i]}`).fetchHistory()).events ?? [];
      const fired = events.find((e) => e.timerFiredEventAttributes);
      if (!fired) continue;
      const after = (pred: (e: (typeof events)[number]) => unknown, id: number) =>
        events.find((e) => Number(e.eventId) > id && pred(e));
      const firedId = Number(fired.eventId);
      const scheduled = after((e) => e.workflowTaskScheduledEventAttributes, firedId - 1);
      const started = after((e) => e.workflowTaskStartedEventAttributes, firedId);
      const completed = after((e) => e.workflowTaskCompletedEventAttributes, firedId);
      const sms = after(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendSms',
        Number(completed?.eventId ?? firedId),
      );
      const of = (e: (typeof events)[number]) =>
        (e.activityTaskStartedEventAttributes ?? e.activityTaskCompletedEventAttributes)?.scheduledEventId?.toString();
      const smsStarted = sms && after((e) => e.activityTaskStartedEventAttributes && of(e) === String(sms.eventId), 0);
      const smsDone = sms && after((e) => e.activityTaskCompletedEventAttributes && of(e) === String(sms.eventId), 0);
      parts[0].push(eventMs(fired) - dueOf(step, i));
      if (scheduled && started) parts[1].push(eventMs(started) - eventMs(scheduled));
      if (started && completed) parts[2].push(eventMs(completed) - eventMs(started));
      if (sms && smsStarted) parts[3].push(eventMs(smsStarted) - eventMs(sms));
      if (smsStarted && smsDone) parts[4].push(eventMs(smsDone) - eventMs(smsStarted));
    }
    const cell = (v: number[]) => `${fmt(pct(v, 0.5) / 1000)} / ${fmt(pct(v, 0.99) / 1000)}`;
    console.log(`${String(step.rate).padEnd(6)} ${parts.map((v) => cell(v).padStart(13)).join(' ')}`);
  }
}

/**
 * The workflow tasks a reminder costs each timeline, mean of 30 of a step's: those an evicted timeline replays when it
 * wakes, and the reminder's own (each a round trip through the sandbox).
 */
async function printTasksPerReminder(client: Client, noop: Step, ours: Step) {
  const mean = async (ids: string[]) => {
    const all: Array<{ replayed: number; own: number }> = [];
    for (const id of ids) {
      const tasks = reminderTasks((await client.workflow.getHandle(id).fetchHistory()).events ?? []);
      if (tasks) all.push(tasks);
    }
    const avg = (f: (t: { replayed: number; own: number }) => number) =>
      (all.reduce((n, t) => n + f(t), 0) / Math.max(1, all.length)).toFixed(1);
    return `${avg((t) => t.replayed)} / ${avg((t) => t.own)}`;
  };
  const sample = (step: Step) => step.numbers.filter((_, i) => i % Math.max(1, Math.floor(step.count / 30)) === 0);
  console.log('\nworkflow tasks per reminder, replayed when evicted / its own (mean of 30 timelines):');
  console.log(`  no-op timeline ${await mean(sample(noop))}`);
  console.log(`  ours           ${await mean(sample(ours).map((n) => `dispatch/cts/${n}`))}`);
}

/** Seconds until this process's CPU stays under 5 % of all cores for 5 s (at most 5 minutes). */
async function untilQuiet(): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < 300_000 && (await processCpuOver(5_000)) > 0.05);
  return (Date.now() - t0) / 1000;
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
