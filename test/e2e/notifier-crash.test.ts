import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { NativeConnection } from '@temporalio/worker';
import { connectClient } from '../../temporal-config/client';
import { startOpsNotice } from '../../cli/start-ops-notice';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { startPools, type PoolSet } from '../../workers/pools';
import { installRuntime } from '../../workers/runtime';
import { startTestDevServer } from '../helpers/dev-server';
import { tempDir, testConfig, TEST_KEY, testLogger } from '../helpers/env';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox';
import { startWorkerProcess, until } from '../helpers/worker-process';

const PHONE = '+12125550188';
const EMAIL = 'site.contact@customer.example';

describe('end to end: notifier on the dev server, a worker killed between the ledger write and the send', () => {
  let server: Awaited<ReturnType<typeof startTestDevServer>>;
  let sb: TestSandbox;
  let orchestration: PoolSet;
  let connection: NativeConnection;
  let ledger: SqliteAppStore;
  let env: Record<string, string>;
  let appDb: string;
  const children: ChildProcess[] = [];

  /** The notifier pool as its own process, so it can be killed. */
  const startNotifierProcess = () => startWorkerProcess('notifier', env, children);

  beforeAll(async () => {
    server = await startTestDevServer();
    sb = await startTestSandbox('empty');
    appDb = join(tempDir('app'), 'app.sqlite');
    env = {
      APP_ENV: 'test',
      TEMPORAL_ADDRESS: server.address,
      APP_DB_FILE: appDb,
      PAYLOAD_KEY_ID: 'e2e',
      PAYLOAD_KEY: TEST_KEY,
      ...sb.env,
    };
    const config = testConfig(env);
    const logger = testLogger();
    installRuntime(logger, 0);
    ledger = new SqliteAppStore(appDb);
    connection = await NativeConnection.connect({ address: server.address });
    orchestration = await startPools(config, { connection, ledger, logger }, ['orchestration']);
    void orchestration.run();
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await orchestration?.shutdown();
    await connection?.close();
    await ledger?.close();
    await sb?.close();
    await server?.stop();
  });

  it('a worker killed after each channel accepted (before the ledger heard): SMS and Slack are found, not resent; email is resent under the same Message-ID', async () => {
    // Each channel acts at once and holds its answer (under the SDKs' 10 s timeouts): a kill lands in the
    // acceptance-to-ledger window. The notice's three deliveries go side by side; the worker is killed once each
    // channel has accepted (a kill may catch more than one in its window).
    for (const vendor of ['twilio', 'slack', 'smtp'])
      await sb.call('POST', '/_sandbox/faults', { vendor, replyDelayMs: 4_000 });
    let worker = await startNotifierProcess();
    const client = await connectClient(testConfig(env));
    const handle = await startOpsNotice(client, {
      noticeId: 'E2E-ACCEPTED-1',
      subject: 'Tech on site',
      text: 'Technician arrived at the site',
      emailTo: [EMAIL],
      slack: true,
      smsTo: [PHONE],
    });
    const outboxNow = async () =>
      (await sb.call('GET', '/_sandbox/state')).json.outbox as {
        sms: unknown[];
        emails: Array<{ messageId: string }>;
        slack: unknown[];
      };
    for (const channel of ['emails', 'slack', 'sms'] as const) {
      await until(`${channel} to accept`, async () => ((await outboxNow())[channel].length > 0 ? true : undefined));
      worker.kill('SIGKILL');
      await new Promise((r) => worker.once('exit', r));
      worker = await startNotifierProcess(); // retries once the killed attempt's start-to-close timeout passes
    }
    const result = await handle.result();
    // Email cannot be asked whether it arrived: its retry sends again, which the result counts as sent.
    expect(result).toEqual({ noticeId: 'E2E-ACCEPTED-1', sent: 1, alreadySent: 2 });
    const box = await outboxNow();
    expect([box.sms.length, box.slack.length]).toEqual([1, 1]);
    expect(box.emails).toHaveLength(2);
    expect(box.emails[1].messageId).toBe(box.emails[0].messageId); // receivers can drop the second
    const exited = new Promise((r) => worker.once('exit', r));
    worker.kill('SIGTERM');
    await exited;
    await client.connection.close();
    await sb.call('DELETE', '/_sandbox/faults');
    await sb.call('POST', '/_sandbox/reset', { scenario: 'empty' });
  }, 180_000);

  it('delivers exactly one email, one Slack message and one SMS, and the server stores no phone number', async () => {
    // The SMS hangs in the "vendor" long enough to kill the worker after its intent is recorded.
    await sb.call('POST', '/_sandbox/faults', { vendor: 'twilio', latencyMs: 20_000 });
    const first = await startNotifierProcess();
    const client = await connectClient(testConfig(env));
    const workflowId = 'ops-notice/E2E-CRASH-1';
    const handle = await startOpsNotice(client, {
      noticeId: 'E2E-CRASH-1',
      subject: 'Tech on site',
      text: 'Technician arrived at the site',
      emailTo: [EMAIL],
      slack: true,
      smsTo: [PHONE],
    });
    expect(handle.workflowId).toBe(workflowId);

    const smsKey = `${workflowId}|notice-sms|E2E-CRASH-1#1`;
    const probe = new Database(appDb, { readonly: true, fileMustExist: false });
    await until('the SMS intent in the ledger', () => {
      try {
        return probe
          .prepare("SELECT status FROM notification_ledger WHERE idempotency_key = ? AND status = 'pending'")
          .get(smsKey)
          ? true
          : undefined;
      } catch {
        return undefined;
      }
    });
    await new Promise((r) => setTimeout(r, 500)); // the request is now in flight at the sandbox
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    await sb.call('DELETE', '/_sandbox/faults');
    const midway = (await sb.call('GET', '/_sandbox/state')).json.outbox as {
      sms: unknown[];
      emails: unknown[];
      slack: unknown[];
    };
    expect([midway.emails.length, midway.slack.length, midway.sms.length]).toEqual([1, 1, 0]);

    const second = await startNotifierProcess(); // the activity is retried here once its start-to-close timeout passes
    const result = await handle.result();
    expect(result).toEqual({ noticeId: 'E2E-CRASH-1', sent: 3, alreadySent: 0 });

    // SIGTERM drains the pool and the process exits cleanly.
    const exited = new Promise<number | null>((resolve) => second.once('exit', (code) => resolve(code)));
    second.kill('SIGTERM');
    expect(await exited).toBe(0);

    const outbox = (await sb.call('GET', '/_sandbox/state')).json.outbox as {
      sms: Array<{ to: string }>;
      emails: Array<{ to: string[] }>;
      slack: unknown[];
    };
    expect(outbox.emails).toHaveLength(1);
    expect(outbox.slack).toHaveLength(1);
    expect(outbox.sms).toHaveLength(1);
    expect(outbox.sms[0].to).toBe(PHONE);
    const row = probe.prepare('SELECT status, attempts FROM notification_ledger WHERE idempotency_key = ?').get(smsKey);
    expect(row).toEqual({ status: 'sent', attempts: 2 });
    probe.close();

    // History is readable through the client (decrypted) ...
    const history = await handle.fetchHistory();
    expect(JSON.stringify(history)).not.toContain(PHONE);
    expect(await (await handle.describe()).staticSummary()).toBe('Ops notice E2E-CRASH-1: 1 email, Slack, 1 SMS');
    await client.connection.close();
    // ... but the server's own SQLite file (and its WAL) hold no phone number or email in clear.
    await server.stop();
    const bytes = [server.dbFile, `${server.dbFile}-wal`]
      .filter(existsSync)
      .map((f) => readFileSync(f).toString('latin1'))
      .join('');
    expect(bytes).toContain(workflowId); // the grep works: IDs are stored in clear
    expect(bytes).not.toContain(PHONE);
    expect(bytes).not.toContain(PHONE.slice(1));
    expect(bytes).not.toContain(EMAIL);
    expect(bytes).not.toContain('Technician arrived');
  });
});
