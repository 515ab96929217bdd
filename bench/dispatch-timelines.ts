// bench/dispatch-timelines: N confirmed dispatch timelines asleep until their 2-hour reminder, on a
// dev server of their own with every worker pool in this process (the sandbox in one of its own). Prints the process's RSS while they
// sleep, its idle CPU, and how late the reminders' SMS reach the (sandbox) carrier when they fall due
// at a moderate rate and then at a burst rate. Targets (issue 17): RSS <= 600 MB with 2,000 asleep,
// idle CPU <= 2 % of 2 cores, lateness p99 <= 2 s at 33 reminders/s.
// Usage: npx tsx bench/dispatch-timelines.ts [timelines=2000] [moderatePerSecond=11] [burstPerSecond=33]
// (WORKFLOW_CACHE_SIZE=<n> sets the orchestration worker's workflow cache, as in production)
import { availableParallelism } from 'node:os';
import { initialTimeline, type DispatchSnapshot, type TimelineState } from '../domain/dispatch';
import { ORCHESTRATION_QUEUE } from '../domain/task-queues';
import { emptyState } from '../sandbox/state';
import type { DispatchTimelineInput } from '../workflows/dispatch/api';
import { eventMs } from './event-time';
import { startBenchEngine } from './harness';
import { sampleMachineCpu } from './machine-cpu';
import { runBench } from './cleanup';

const TICKETS = 50;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const pct = (values: number[], p: number) =>
  values.length === 0
    ? NaN
    : [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

async function main() {
  const [count = 2000, moderate = 11, burst = 33] = process.argv.slice(2).map(Number);
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
  // The sandbox in a process of its own (the carrier and Bruin are remote in production): this process is the worker.
  const engine = await startBenchEngine(
    { ownProcess: { state } },
    {
      QUEUE_LIT_RATE_LIMIT: '10000',
      QUEUE_CTS_RATE_LIMIT: '10000',
      ...(process.env.WORKFLOW_CACHE_SIZE ? { WORKFLOW_CACHE_SIZE: process.env.WORKFLOW_CACHE_SIZE } : {}),
    },
  );
  const { client, config } = engine;
  const cacheSize = config.queues.workflowCacheSize;

  // The raw baseline of the same run: this process idle with every pool polling and nothing asleep.
  const idleCpuBare = await processCpuOver(15_000);

  // A third of the timelines fall due at the moderate rate, the rest at the burst rate, 20 s apart.
  const moderateCount = Math.round(count / 3);
  const startedAt = Date.now();
  const firstDue = startedAt + Math.max(80_000, count * 40); // time to start them all and let them settle
  const due = (i: number) =>
    i < moderateCount
      ? firstDue + (i * 1000) / moderate
      : firstDue + (moderateCount * 1000) / moderate + 20_000 + ((i - moderateCount) * 1000) / burst;
  const numberOf = (i: number) => `BENCH-${String(i).padStart(6, '0')}`;

  const rssBefore = process.memoryUsage().rss;
  for (let i = 0; i < count; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, count - i) }, (_, k) => {
        const n = i + k;
        const snapshot: DispatchSnapshot = {
          vendor: 'cts',
          dispatchNumber: numberOf(n),
          ticketId: String(7_000_000 + (n % TICKETS)),
          reference: `IGZ-${n}`,
          status: 'confirmed',
          vendorStatus: 'Scheduled',
          appointment: new Date(due(n) + 2 * 3_600_000).toISOString(),
          timeZone: 'America/New_York',
          techName: 'Joe',
          sitePhone: `+1212555${String(n % 10_000).padStart(4, '0')}`,
        };
        // Started already confirmed (as a continued run carries it): the bench measures sleeping and waking.
        const confirmed: TimelineState = {
          ...initialTimeline(snapshot),
          phase: 'confirmed',
          confirmedAt: new Date(startedAt).toISOString(),
          reminders: { 'reminder-12h': 'skipped', 'reminder-2h': 'pending' },
          toldTech: 'Joe',
          toldAppointment: snapshot.appointment,
        };
        const input: DispatchTimelineInput = { snapshot, state: confirmed, completeAfterHours: 24 };
        return client.workflow.start('dispatchTimeline', {
          taskQueue: ORCHESTRATION_QUEUE,
          workflowId: `dispatch/cts/${snapshot.dispatchNumber}`,
          args: [input],
        });
      }),
    );
  }
  console.log(`${count} timelines started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s; cache ${cacheSize}`);

  // Asleep: let the first tasks settle, then measure memory and CPU over a quiet window before the first is due.
  // Every timeline's first workflow task (and its eviction, past the cache) is done well within 30 s.
  const quietStart = Date.now() + 30_000;
  const quietEnd = firstDue - 5_000;
  if (quietEnd - quietStart < 10_000) throw new Error('not enough quiet time before the first reminder; start fewer');
  await until(quietStart);
  global.gc?.();
  const idleCpu = await processCpuOver(quietEnd - Date.now());
  const rssAsleep = process.memoryUsage().rss;

  // Awake: wait for every reminder's SMS, then lateness = carrier receipt - due time. The carrier stamps each
  // receipt, so its outbox is read only once the last is due (and then every 5 s): reading it costs the sandbox.
  const lastDue = due(count - 1);
  const sent = new Map<string, number>();
  const burstStart = due(moderateCount);
  // How busy the machine and this process are while each rate's reminders fall due.
  const busyOver = async (from: number, to: number) => {
    await until(from);
    const machine = sampleMachineCpu();
    const cpu0 = process.cpuUsage();
    await until(to);
    const cpu = process.cpuUsage(cpu0);
    return { machine: machine.stop(), processCores: (cpu.user + cpu.system) / 1000 / (to - from) };
  };
  const busyModerate = await busyOver(firstDue, due(moderateCount - 1));
  const busyBurst = await busyOver(burstStart, lastDue);
  while (sent.size < count && Date.now() < lastDue + 120_000) {
    await new Promise((r) => setTimeout(r, 5_000));
    for (const sms of (await engine.sandbox.state()).outbox.sms) {
      const m = /dispatch (BENCH-\d{6})/.exec(sms.body);
      if (m && !sent.has(m[1])) sent.set(m[1], Date.parse(sms.receivedAt));
    }
  }
  const lateness = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, k) => from + k)
      .filter((i) => sent.has(numberOf(i)))
      .map((i) => (sent.get(numberOf(i))! - due(i)) / 1000);
  const lateModerate = lateness(0, moderateCount);
  const lateBurst = lateness(moderateCount, count);
  // What the engine kept up with: the burst's SMS over the time from its first due to its last sent. Below the
  // burst rate, reminders queue and the last ones are as late as the backlog is long.
  const burstSent = Array.from({ length: count - moderateCount }, (_, k) => sent.get(numberOf(moderateCount + k)));
  const lastSent = Math.max(...burstSent.map((t) => t ?? 0));
  const absorbed = burstSent.filter(Boolean).length / ((lastSent - burstStart) / 1000);
  const rows: Array<[string, string]> = [
    ['timelines asleep', String(count)],
    ['workflow cache (WORKFLOW_CACHE_SIZE)', String(cacheSize)],
    ['process RSS before starting them (MB)', mb(rssBefore)],
    ['process RSS with all asleep (MB; target <= 600)', mb(rssAsleep)],
    ['idle CPU, engine alone before (% of all cores)', (idleCpuBare * 100).toFixed(2)],
    ['idle CPU while asleep (% of all cores; target <= 2)', (idleCpu * 100).toFixed(2)],
    [`reminders sent (of ${count})`, String(sent.size)],
    [
      `lateness p50 / p99 at ${moderate}/s (s)`,
      `${pct(lateModerate, 0.5).toFixed(2)} / ${pct(lateModerate, 0.99).toFixed(2)}`,
    ],
    [
      `lateness p50 / p99 at ${burst}/s (s; target p99 <= 2)`,
      `${pct(lateBurst, 0.5).toFixed(2)} / ${pct(lateBurst, 0.99).toFixed(2)}`,
    ],
    [`reminders sent per second while ${burst}/s fell due`, absorbed.toFixed(1)],
    busyRow(moderate, busyModerate),
    busyRow(burst, busyBurst),
  ];
  for (const [k, v] of rows) console.log(`${k.padEnd(56)} ${v.padStart(14)}`);
  await printLatenessBreakdown(client, numberOf, due, moderateCount, count);
  await engine.stop();
  process.exit(0);
}

/** How busy the machine (0..1 of all cores) and the worker process (cores) were while `rate` reminders/s fell due. */
function busyRow(
  rate: number,
  { machine, processCores }: { machine: { mean: number; peakSecond: number }; processCores: number },
): [string, string] {
  return [
    `while ${rate}/s fall due: machine CPU mean / busiest s; worker cores`,
    `${machine.mean.toFixed(2)} / ${machine.peakSecond.toFixed(2)}; ${processCores.toFixed(2)}`,
  ];
}

/**
 * Where a burst reminder's lateness goes, from a sample of the burst timelines' histories: the server
 * firing the timer late, the wake-up workflow task waiting for a worker and running (a replay when the
 * timeline was evicted), and the SMS activity waiting for a notifier slot and running.
 */
async function printLatenessBreakdown(
  client: Awaited<ReturnType<typeof startBenchEngine>>['client'],
  numberOf: (i: number) => string,
  due: (i: number) => number,
  from: number,
  to: number,
) {
  const parts: Record<string, number[]> = {
    'timer fired after due': [],
    'wake-up task: scheduled → started': [],
    'wake-up task: started → completed': [],
    'SMS: scheduled → started': [],
    'SMS: started → completed': [],
  };
  const step = Math.max(1, Math.floor((to - from) / 200));
  for (let i = from; i < to; i += step) {
    const events = (await client.workflow.getHandle(`dispatch/cts/${numberOf(i)}`).fetchHistory()).events ?? [];
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
    const smsStarted =
      sms &&
      at(
        (e) => e.activityTaskStartedEventAttributes?.scheduledEventId?.toString() === sms.eventId?.toString(),
        Number(sms.eventId),
      );
    const smsDone =
      sms &&
      at(
        (e) => e.activityTaskCompletedEventAttributes?.scheduledEventId?.toString() === sms.eventId?.toString(),
        Number(sms.eventId),
      );
    parts['timer fired after due'].push(eventMs(fired) - due(i));
    if (scheduled && started) parts['wake-up task: scheduled → started'].push(eventMs(started) - eventMs(scheduled));
    if (started && completed) parts['wake-up task: started → completed'].push(eventMs(completed) - eventMs(started));
    if (sms && smsStarted) parts['SMS: scheduled → started'].push(eventMs(smsStarted) - eventMs(sms));
    if (smsStarted && smsDone) parts['SMS: started → completed'].push(eventMs(smsDone) - eventMs(smsStarted));
  }
  console.log(
    `where a burst reminder's lateness goes (${parts['timer fired after due'].length} sampled), p50 / p99 s:`,
  );
  for (const [k, v] of Object.entries(parts))
    console.log(
      `  ${k.padEnd(54)} ${`${(pct(v, 0.5) / 1000).toFixed(2)} / ${(pct(v, 0.99) / 1000).toFixed(2)}`.padStart(14)}`,
    );
}

/** Resolves at the instant `t` (ms), at once if it has passed. */
const until = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

/** This process's CPU over the next `ms`, as a share of all cores. */
async function processCpuOver(ms: number): Promise<number> {
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, ms));
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / 1000 / (Date.now() - t0) / availableParallelism();
}

runBench(main);
