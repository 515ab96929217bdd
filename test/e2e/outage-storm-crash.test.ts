import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { connectClient } from '../../temporal-config/client';
import { outageRecheckBatchWorkflowId } from '../../domain/workflow-ids';
import type { OutageMonitorResult } from '../../workflows/outage/outage-monitor';
import { startTestDevServer } from '../helpers/dev-server';
import { tempDir, testConfig, TEST_KEY } from '../helpers/env';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox';
import { startWorkerProcess, until } from '../helpers/worker-process';

describe('end to end: an outage storm with the worker killed between the tickets and the message (issue 30 item 4)', () => {
  let server: Awaited<ReturnType<typeof startTestDevServer>>;
  let sb: TestSandbox;
  let env: Record<string, string>;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    server = await startTestDevServer();
    sb = await startTestSandbox('demo');
    env = {
      APP_ENV: 'test',
      TEMPORAL_ADDRESS: server.address,
      APP_DB_FILE: join(tempDir('storm-crash'), 'app.sqlite'),
      PAYLOAD_KEY_ID: 'e2e',
      PAYLOAD_KEY: TEST_KEY,
      ...sb.env,
    };
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await sb?.close();
    await server?.stop();
  });

  it('the storm message Slack accepted before the worker died is found, not posted again: exactly one', async () => {
    // Every pool in one process, so one kill takes the cycle's worker and the notifier's together.
    let worker = await startWorkerProcess('', env, children);
    const client = await connectClient(testConfig(env));
    for (const edge of ['1/101', '1/102'])
      await sb.call('PATCH', `/_sandbox/velocloud/edges/${encodeURIComponent(`mettel.velocloud.net/${edge}`)}`, {
        edgeState: 'OFFLINE',
      });
    // Slack takes the message at once and holds its answer: the kill lands after Slack has it, before the ledger does.
    await sb.call('POST', '/_sandbox/faults', { vendor: 'slack', replyDelayMs: 4_000 });
    const cycleId = 'outage-monitor-storm-crash';
    const handle = await client.workflow.start('outageMonitor', {
      taskQueue: 'orchestration',
      workflowId: cycleId,
      args: [{ hosts: ['mettel.velocloud.net'], recheckDelay: '0s', stormMinTickets: 2 }],
    });
    // The tickets are made and the batch is done: what is left is the storm message.
    await until(
      'the recheck batch to finish',
      async () => {
        const batch = await client.workflow
          .getHandle(outageRecheckBatchWorkflowId(cycleId, 1))
          .describe()
          .catch(() => undefined);
        return batch?.status.name === 'COMPLETED' ? true : undefined;
      },
      120_000,
    );
    const storms = async () =>
      ((await sb.call('GET', '/_sandbox/state')).json.outbox as { slack: Array<{ text: string }> }).slack.filter((m) =>
        m.text.includes('*Outage storm*'),
      );
    await until('Slack to accept the storm message', async () => ((await storms()).length > 0 ? true : undefined));
    worker.kill('SIGKILL');
    await new Promise((r) => worker.once('exit', r));
    worker = await startWorkerProcess('', env, children);

    const result = (await handle.result()) as OutageMonitorResult;
    expect(result).toMatchObject({ ticketsCreated: 2, storms: [{ enterprise: 'mettel.velocloud.net/1', tickets: 2 }] });
    expect(await storms()).toHaveLength(1);
    const slack = ((await sb.call('GET', '/_sandbox/state')).json.outbox as { slack: Array<{ text: string }> }).slack;
    expect(slack.filter((m) => m.text.startsWith('Outage ticket '))).toEqual([]);
    const exited = new Promise((r) => worker.once('exit', r));
    worker.kill('SIGTERM');
    await exited;
    await client.connection.close();
  }, 240_000);
});
