import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { USAGE, runScheduleCommand } from '../../cli/schedule-commands';
import { UsageError } from '../../cli/usage-error';
import { connectClient } from '../../temporal-config/client';
import type { AppConfig } from '../../config';
import { createAppMetrics, serveMetrics } from '../../observability/metrics';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { startPools, type PoolSet } from '../../workers/pools';
import { installRuntime } from '../../workers/runtime';
import { VENDOR_QUEUES } from '../../domain/task-queues';
import { startTestDevServer } from '../helpers/dev-server';
import { checkPayloadKeys } from '../../codec/key-check';
import { resolvePayloadKeys } from '../../codec/keys';
import { freePort, TEST_KEY, tempDir, testConfig, testLogger } from '../helpers/env';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox';
import { join } from 'node:path';

describe('end to end: schedules and every worker pool on the dev server', () => {
  let server: Awaited<ReturnType<typeof startTestDevServer>>;
  let sb: TestSandbox;
  let pools: PoolSet;
  let connection: NativeConnection;
  let ledger: SqliteAppStore;
  let client: Client;
  let config: AppConfig;
  let metricsServer: Server;
  let appMetricsPort: number;
  const sdkMetricsPort = 0;

  beforeAll(async () => {
    server = await startTestDevServer();
    sb = await startTestSandbox('demo');
    config = testConfig({ TEMPORAL_ADDRESS: server.address, ...sb.env });
    const logger = testLogger();
    installRuntime(logger, sdkMetricsPort);
    ledger = new SqliteAppStore(join(tempDir('pools'), 'app.sqlite'));
    const metrics = createAppMetrics();
    appMetricsPort = await freePort();
    metricsServer = await serveMetrics(metrics.registry, appMetricsPort, '127.0.0.1');
    connection = await NativeConnection.connect({ address: server.address });
    pools = await startPools(config, { connection, ledger, logger, metrics: metrics.notifications });
    void pools.run();
    client = await connectClient(config);
  });

  afterAll(async () => {
    await client?.connection.close();
    await pools?.shutdown();
    await connection?.close();
    await ledger?.close();
    metricsServer?.close();
    await sb?.close();
    await server?.stop();
  });

  it('runs one worker per queue: the pool health check finds every vendor pool served', async () => {
    expect(pools.workers.map((w) => w.options.taskQueue).sort()).toEqual(['orchestration', ...VENDOR_QUEUES].sort());
    const result = await client.workflow.execute('poolHealthCheck', {
      taskQueue: 'orchestration',
      workflowId: 'pool-health-e2e',
      args: [],
    });
    expect(result).toEqual({ served: [...VENDOR_QUEUES], unserved: [] });
    const described = await client.workflow.getHandle('pool-health-e2e').describe();
    expect(described.typedSearchAttributes.get({ name: 'Outcome', type: 'KEYWORD' } as never)).toBe('healthy');
  });

  it('applies schedules idempotently and operates them from the CLI', async () => {
    const ids = [
      'pool-health',
      'outage-monitor',
      'hawkeye-outage-monitor',
      'triage',
      'lit-dispatch-monitor',
      'cts-dispatch-monitor',
      'tnba-monitor',
      'tnba-feedback',
      'hawkeye-customer-cache',
      'customer-cache',
      'sites-monitor',
      'ticket-escalation',
      'service-affecting-monitor',
      'devops-metrics',
      'owed-marks-check',
      'store-retention',
      'lumin-billing-report',
      'last-contact-report',
    ];
    expect(await runScheduleCommand(client, config, ['apply'])).toEqual(ids.map((id) => `created  ${id}`));
    expect(await runScheduleCommand(client, config, ['apply'])).toEqual(ids.map((id) => `updated  ${id}`));
    // Pause the monitors this test does not exercise, so they do not fire during it.
    for (const id of ids.filter((x) => x !== 'pool-health'))
      await runScheduleCommand(client, config, ['pause', id, '--note', 'not under test']);
    const described = await client.schedule.getHandle('pool-health').describe();
    expect(described.policies).toMatchObject({ overlap: 'SKIP', catchupWindow: 300_000 });
    // The monthly reports are calendar schedules: 08:00 on the 1st in the report zone, next one the coming 1st.
    const report = await client.schedule.getHandle('lumin-billing-report').describe();
    expect(report.spec.timezone).toBe('America/New_York');
    const next = report.info.nextActionTimes[0];
    expect(next.toLocaleString('en-US', { timeZone: 'America/New_York', hourCycle: 'h23' })).toMatch(
      /^\d+\/1\/\d{4}, 08:00:00$/,
    );
    expect(next.getTime() - Date.now()).toBeLessThan(32 * 86_400_000);

    expect(await runScheduleCommand(client, config, ['pause', 'pool-health', '--note', 'vendor maintenance'])).toEqual([
      'paused pool-health: vendor maintenance',
    ]);
    const listed = await runScheduleCommand(client, config, ['list']);
    expect(listed.find((l) => l.startsWith('pool-health'))).toMatch(/^pool-health\s+PAUSED.*note: vendor maintenance/);
    // A re-apply keeps the pause ops set.
    await runScheduleCommand(client, config, ['apply']);
    expect((await client.schedule.getHandle('pool-health').describe()).state.paused).toBe(true);
    expect(await runScheduleCommand(client, config, ['unpause', 'pool-health'])).toEqual(['unpaused pool-health']);

    await runScheduleCommand(client, config, ['trigger', 'pool-health']);
    const deadline = Date.now() + 30_000;
    let started: string[] = [];
    while (Date.now() < deadline && started.length === 0) {
      started = (await client.schedule.getHandle('pool-health').describe()).info.recentActions.map(
        (a) => a.action.workflow.workflowId,
      );
      if (started.length === 0) await new Promise((r) => setTimeout(r, 250));
    }
    expect(started[0]).toMatch(/^pool-health-\d{4}-\d\d-\d\dT/);

    const from = new Date(Date.now() - 20 * 60_000);
    const to = new Date(Date.now() - 10 * 60_000);
    expect(
      await runScheduleCommand(client, config, [
        'backfill',
        'pool-health',
        '--from',
        from.toISOString(),
        '--to',
        to.toISOString(),
      ]),
    ).toHaveLength(1);
  });

  it("refuses a payload key that cannot read the engine's schedules, naming the key ID, before any worker polls (issue 11 item 8)", async () => {
    await runScheduleCommand(client, config, ['apply']);
    const wrongKey = Buffer.alloc(32, 9).toString('base64');
    const logger = testLogger();
    const withEnv = (env: Record<string, string>) =>
      testConfig({ TEMPORAL_ADDRESS: server.address, ...sb.env, ...env });
    // Same key ID, other key material (a mistyped secret): refused.
    await expect(startPools(withEnv({ PAYLOAD_KEY: wrongKey }), { connection, ledger, logger })).rejects.toThrow(
      /^PAYLOAD_KEY for key ID "test-1" cannot decrypt what that key wrote \(schedule "/,
    );
    // A new key ID without the old key: refused, naming the key the schedules were written with.
    await expect(
      startPools(withEnv({ PAYLOAD_KEY_ID: 'test-2', PAYLOAD_KEY: wrongKey }), { connection, ledger, logger }),
    ).rejects.toThrow(/written with payload key "test-1", which this process does not hold \(current "test-2"\)/);
    // Rotated properly (the old key kept): accepted; the schedules' key is the one checked.
    const rotated = withEnv({
      PAYLOAD_KEY_ID: 'test-2',
      PAYLOAD_KEY: wrongKey,
      PAYLOAD_OLD_KEYS: `test-1:${TEST_KEY}`,
    });
    expect(await checkPayloadKeys(connection.workflowService, 'default', resolvePayloadKeys(rotated.codec))).toEqual({
      checked: ['test-1'],
    });
  });

  it('explains CLI mistakes', async () => {
    await expect(runScheduleCommand(client, config, ['pause', 'pool-health'])).rejects.toThrow(/pause needs --note/);
    await expect(
      runScheduleCommand(client, config, ['backfill', 'pool-health', '--from', 'yesterday', '--to', 'x']),
    ).rejects.toThrow(/"yesterday" is not an ISO time/);
    await expect(
      runScheduleCommand(client, config, [
        'backfill',
        'pool-health',
        '--from',
        '2026-01-02T00:00:00Z',
        '--to',
        '2026-01-01T00:00:00Z',
      ]),
    ).rejects.toThrow(/--to must be after --from/);
    await expect(runScheduleCommand(client, config, ['trigger'])).rejects.toBeInstanceOf(UsageError);
    await expect(runScheduleCommand(client, config, ['explode'])).rejects.toThrow(/unknown command "explode"/);
    expect(USAGE).toContain('backfill <id> --from <ISO> --to <ISO>');
  });

  it("the owed marks check clears, through the orchestration pool's own client, a mark whose holder has ended", async () => {
    // A queue that ended without clearing its mark (as a terminated one does), marked an hour ago.
    const ended = 'outage-ticket/VC-E2E-ENDED';
    const holder = `owed/${ended}`;
    await client.workflow.execute('owedWork', {
      taskQueue: 'orchestration',
      workflowId: holder,
      args: [{ subject: ended, items: [] }],
    });
    await ledger.markOwed(ended, holder, new Date(Date.now() - 3_600_000));
    await ledger.markOwed('outage-ticket/VC-E2E-FRESH', 'owed/outage-ticket/VC-E2E-FRESH', new Date());
    const result = await client.workflow.execute('owedMarksCheck', {
      taskQueue: 'orchestration',
      workflowId: 'owed-marks-check-e2e',
      args: [{}],
    });
    expect(result).toMatchObject({
      checked: 2,
      cleared: [{ subject: ended, holder, holderStatus: 'COMPLETED', why: 'holder-ended' }],
    });
    expect(await ledger.owedAmong([ended, 'outage-ticket/VC-E2E-FRESH'])).toEqual(['outage-ticket/VC-E2E-FRESH']);
  });

  it('serves app metrics for Prometheus to scrape', async () => {
    const res = await fetch(`http://127.0.0.1:${appMetricsPort}/metrics`);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('# TYPE automation_engine_notifications_total counter');
    expect(body).toContain('automation_engine_process_cpu_seconds_total');
    expect((await fetch(`http://127.0.0.1:${appMetricsPort}/other`)).status).toBe(404);
  });
});
