import { MockActivityEnvironment } from '@temporalio/testing';
import type { ApplicationFailure } from '@temporalio/common';
import { createLuminActivities, type LuminExport } from '../../../activities/lumin/activities';
import { createLuminClient } from '../../../activities/lumin/client';
import { reportPeriod } from '../../../domain/reports/period';
import { SqliteAppStore } from '../../../store/sqlite-app-store';
import { failureOf, testConfig } from '../../helpers/env';
import { useTestSandbox } from '../../helpers/sandbox';

const OCTOBER = reportPeriod('2026-10', 'America/New_York');

describe('Lumin.AI activities against the sandbox simulator', () => {
  const sb = useTestSandbox('demo');
  const store = new SqliteAppStore(':memory:');
  const activities = (token = 'sandbox-lumin-token') =>
    createLuminActivities({
      client: createLuminClient({ ...testConfig(sb.env).vendors.lumin, token }),
      files: store.reports,
    });
  const run = (
    env: MockActivityEnvironment,
    input: Parameters<ReturnType<typeof activities>['exportLuminBilling']>[0],
  ) => env.run(activities().exportLuminBilling, input) as Promise<LuminExport>;
  const csv = async (file: string) => (await store.reports.readReportFile(file))!.toString().trimEnd().split('\r\n');

  it('pages a whole period into the file and counts per type; asked for one type, gets only that', async () => {
    const all = await run(new MockActivityEnvironment(), { period: OCTOBER, types: [], file: 'all' });
    expect(all).toMatchObject({ total: 240, pages: 3, discarded: 0 });
    expect(Object.values(all.byType).reduce((a, b) => a + b, 0)).toBe(240);
    expect(await csv('all')).toHaveLength(241);
    const scheduled = await run(new MockActivityEnvironment(), {
      period: OCTOBER,
      types: ['billing.scheduled'],
      file: 'scheduled',
    });
    expect(scheduled.byType).toEqual({ 'billing.scheduled': all.byType['billing.scheduled'] });
    expect((await csv('scheduled')).slice(1).every((r) => r.split(',')[2] === 'billing.scheduled')).toBe(true);
  });

  it('resumes from heartbeat details: the pages before the checkpoint are not read again, the file continues', async () => {
    const env = new MockActivityEnvironment();
    const checkpoints: unknown[] = [];
    env.on('heartbeat', (d: unknown) => checkpoints.push(d));
    await run(env, { period: OCTOBER, types: [], file: 'first' });
    // Resume a second export from the first one's checkpoint after page 1 (as a retry on another worker would).
    const afterPage1 = checkpoints[0] as { nextPart: number; nextToken: string; total: number };
    expect(afterPage1).toMatchObject({ nextPart: 2, total: 100 });
    await store.reports.writeReportPart('resumed', 0, 'id,timestamp,type,conversation_id\r\n');
    await store.reports.writeReportPart('resumed', 1, (await csv('first')).slice(1, 101).join('\r\n') + '\r\n');
    await store.reports.writeReportPart('resumed', 2, 'left by the attempt that died\r\n');
    const before = await requests();
    const resumed = await run(new MockActivityEnvironment({ heartbeatDetails: afterPage1 }), {
      period: OCTOBER,
      types: [],
      file: 'resumed',
    });
    expect((await requests()) - before).toBe(2);
    expect(resumed).toMatchObject({ total: 240, pages: 3 });
    expect(await csv('resumed')).toEqual(await csv('first'));
  });

  it('a worker stopping cancels it after the page in hand: that page is kept and checkpointed, no more are read', async () => {
    const env = new MockActivityEnvironment();
    const checkpoints: unknown[] = [];
    // What a draining worker does to its activities in flight (shutdownGraceTime 0).
    env.on('heartbeat', (d: unknown) => {
      checkpoints.push(d);
      env.cancel('WORKER_SHUTDOWN');
    });
    const before = await requests();
    await expect(run(env, { period: OCTOBER, types: [], file: 'stopped' })).rejects.toMatchObject({
      name: 'CancelledFailure',
    });
    expect((await requests()) - before).toBe(1);
    expect(checkpoints).toEqual([expect.objectContaining({ nextPart: 2, total: 100 })]);
    expect(await csv('stopped')).toHaveLength(101);
  });

  async function requests(): Promise<number> {
    const vendors = (await sb.call('GET', '/_sandbox/state')).json.vendors as {
      lumin: { customers: Record<string, { requests?: number }> };
    };
    return vendors.lumin.customers['acme-logistics'].requests ?? 0;
  }

  it('an unknown customer fails for good (404); a vendor outage is retried (503)', async () => {
    await sb.call('PATCH', '/_sandbox/lumin/customers/acme-logistics', { failRequests: [1] });
    const outage = await failureOf(run(new MockActivityEnvironment(), { period: OCTOBER, types: [], file: 'x' }));
    expect(outage).toMatchObject({ nonRetryable: false });
    expect(outage.message).toMatch(/^lumin POST customer billing answered 503/);
    const env = new MockActivityEnvironment();
    const bare = createLuminActivities({
      client: createLuminClient({ customerUri: `${sb.base}/lumin/api/v1/customers/nobody/billing`, token: 't' }),
      files: store.reports,
    });
    const unknown = (await failureOf(
      env.run(bare.exportLuminBilling, { period: OCTOBER, types: [], file: 'y' }),
    )) as ApplicationFailure;
    expect(unknown).toMatchObject({ nonRetryable: true });
    expect(unknown.message).toContain('no customer nobody');
  });

  it('the simulator answers a bad request with 4xx and the reason', async () => {
    const post = (body: unknown, auth = 'Bearer t') =>
      fetch(`${sb.base}/lumin/api/v1/customers/acme-logistics/billing`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
        body: JSON.stringify(body),
      }).then(async (r) => [r.status, ((await r.json()) as { error?: string }).error]);
    const ok = { type: '', start: OCTOBER.start, end: OCTOBER.end };
    expect(await post(ok, '')).toEqual([401, 'bearer token required']);
    expect(await post({ ...ok, end: OCTOBER.start })).toEqual([
      400,
      'start and end must be ISO instants with start < end',
    ]);
    expect(await post({ ...ok, type: 'billing.refund' })).toEqual([400, 'unknown type billing.refund']);
    expect(await post({ ...ok, start_token: 'not-ours' })).toEqual([400, 'start_token is not one this API gave']);
  });
});
