// The load the chaos run and the HA drill put on the engine while they break it: workflows started and awaited through
// failovers, the fleet's flapping edges, the dispatch monitors and what the run does to dispatches once confirmed.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { WorkflowFailedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { loadConfig } from '../../config';
import { startSandbox } from '../../sandbox';
import { scheduleDefinitions } from '../../schedules/definitions';
import { BENCH_RATE_LIMITS } from '../harness';
import { ORCHESTRATION_QUEUE } from '../../domain/task-queues';
import { dispatchWorkflowId } from '../../domain/workflow-ids';
import type { SandboxState } from '../../sandbox/state';
import type { TimelineState } from '../../domain/dispatch';
import { cancelRequested, timelineQuery } from '../../workflows/dispatch/api';
import { chaosScenario, onSitePatch, type ChaosPlan, type PlannedDispatch } from './scenario';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The run's world: the scenario's fleet and dispatches in a sandbox of this process, and the engine's configuration
 * for worker processes pointed at `temporalAddress` (app store and logs under `dir`, a fresh payload key), with the
 * schedules' arguments the run starts its workflows with.
 */
export async function startWorld(opts: {
  temporalAddress: string;
  dir: string;
  keyId: string;
  edges: number;
  dispatches: number;
  reminderAfterMs: number;
}) {
  const { plan, state } = chaosScenario({
    now: Date.now(),
    edges: opts.edges,
    faultyRatio: 0.03,
    dispatches: opts.dispatches,
    reminderAfterMs: opts.reminderAfterMs,
  });
  const running = await startSandbox({ host: '127.0.0.1', httpPort: 0, smtpPort: 0, scenario: 'empty' });
  running.sandbox.state = state;
  const env: Record<string, string> = {
    APP_ENV: 'test',
    TEMPORAL_ADDRESS: opts.temporalAddress,
    SANDBOX_HTTP_PORT: String(running.httpPort),
    SANDBOX_SMTP_PORT: String(running.smtpPort),
    APP_DB_FILE: join(opts.dir, 'app.sqlite'),
    PAYLOAD_KEY_ID: opts.keyId,
    PAYLOAD_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    ...BENCH_RATE_LIMITS,
  };
  const config = loadConfig(env);
  const defs = scheduleDefinitions(config);
  const argsOf = (id: string) => {
    const def = defs.find((d) => d.id === id);
    if (!def) throw new Error(`no schedule "${id}" in schedules/definitions.ts`);
    return def.args;
  };
  return { plan, running, sandbox: running.sandbox, env, config, argsOf };
}

/** A client call through a server restart: retried until it answers or `ms` pass. A workflow's own failure is final. */
export async function retrying<T>(what: string, call: () => Promise<T>, ms = 180_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await call();
    } catch (err) {
      if (err instanceof WorkflowFailedError) throw err;
      if (Date.now() > deadline) throw new Error(`${what}: ${(err as Error).message}`);
      await sleep(1_000);
    }
  }
}

/** Starts a workflow (once, whatever a restart did) and waits for its result, both through restarts. */
export function workflowRunner(client: Client) {
  return async <R>(type: string, workflowId: string, args: unknown[]): Promise<R> => {
    await retrying(`start ${workflowId}`, () =>
      client.workflow.start(type, { taskQueue: ORCHESTRATION_QUEUE, workflowId, args }).catch((err: Error) => {
        if (err.name === 'WorkflowExecutionAlreadyStartedError') return undefined; // started before a restart
        throw err;
      }),
    );
    return retrying(
      `result of ${workflowId}`,
      () => client.workflow.getHandle(workflowId).result() as Promise<R>,
      900_000,
    );
  };
}

/** The flapping edges' state for outage cycle `cycle`: down in odd cycles, up in even ones. */
export function flipFlapping(state: SandboxState, plan: ChaosPlan, cycle: number): void {
  const flapping = new Set(plan.flapping);
  for (const edge of Object.values(state.vendors.velocloud.edges)) {
    if (!flapping.has(String(edge.serialNumber))) continue;
    const down = cycle % 2 === 1;
    edge.edgeState = down ? 'OFFLINE' : 'CONNECTED';
    (edge.links as Array<{ state: string }>)[0].state = down ? 'DISCONNECTED' : 'STABLE';
  }
}

/**
 * Both dispatch monitors every 15 s while `active()` (their schedules, faster): they start the timelines. Answers how
 * many runs it started once `active()` turns false.
 */
export async function runDispatchMonitors(
  client: Client,
  argsOf: (scheduleId: string) => unknown[],
  prefix: string,
  active: () => boolean,
  say: (line: string) => void,
): Promise<number> {
  let started = 0;
  for (let k = 1; active(); k++) {
    for (const vendor of ['lit', 'cts'] as const) {
      const id = `${prefix}-${vendor}-monitor-${k}`;
      await retrying(`start ${id}`, () =>
        client.workflow.start('dispatchMonitor', {
          taskQueue: ORCHESTRATION_QUEUE,
          workflowId: id,
          args: argsOf(`${vendor}-dispatch-monitor`),
        }),
      ).catch((err: Error) => say(`${id} not started: ${err.message}`));
      started++;
    }
    await sleep(15_000);
  }
  return started;
}

/** Once a dispatch's confirmation is out: the tech arrives (on-site group) or ops ask to cancel (cancel group). */
export function actOnDispatches(plan: ChaosPlan, state: () => SandboxState, client: Client, reason: string) {
  const confirmedSms = (d: PlannedDispatch) =>
    state().outbox.sms.some((m) => m.to === d.sitePhone && /is confirmed/.test(m.body));
  return Promise.all(
    plan.dispatches
      .filter((d) => d.group === 'on-site' || d.group === 'cancel')
      .map(async (d) => {
        while (!confirmedSms(d)) await sleep(1_000);
        await sleep(30_000);
        if (d.group === 'on-site') {
          const vendors = state().vendors;
          const collection = d.vendor === 'lit' ? vendors.lit.dispatches : vendors.cts.dispatches;
          Object.assign(collection[d.entityId], onSitePatch(d));
        } else
          await retrying(`cancel ${d.dispatchNumber}`, () =>
            client.workflow
              .getHandle(dispatchWorkflowId(d.vendor, d.dispatchNumber))
              .signal(cancelRequested, { reason }),
          );
      }),
  );
}

/**
 * When each planned dispatch's timeline recorded its confirmation (`confirmedAt`): the instant its reminder rule
 * used. A timeline still running answers its query; a finished one its result. One not confirmed is left out.
 */
export async function timelineConfirmations(plan: ChaosPlan, client: Client): Promise<Map<string, number>> {
  const confirmedAt = new Map<string, number>();
  for (const d of plan.dispatches) {
    const handle = client.workflow.getHandle(dispatchWorkflowId(d.vendor, d.dispatchNumber));
    // A timeline that is not there or failed has no time to give: the SMS clock stands in, and a loss still shows.
    const state = await retrying(`timeline of ${d.dispatchNumber}`, async () => {
      const described = await handle.describe().catch((err: Error) => {
        if (err instanceof WorkflowNotFoundError) return undefined;
        throw err;
      });
      if (!described) return undefined;
      if (described.status.name === 'RUNNING') return handle.query(timelineQuery);
      return (handle.result() as Promise<TimelineState>).catch((err: Error) => {
        if (err instanceof WorkflowFailedError) return undefined;
        throw err;
      });
    });
    if (state?.confirmedAt) confirmedAt.set(d.dispatchNumber, Date.parse(state.confirmedAt));
  }
  return confirmedAt;
}
