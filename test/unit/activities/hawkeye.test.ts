import { MockActivityEnvironment } from '@temporalio/testing';
import { createHawkeyeActivities } from '../../../activities/hawkeye/activities';
import { createHawkeyeHttp } from '../../../activities/hawkeye/client';
import { SqliteAppStore } from '../../../store/sqlite-app-store';
import { failureOf, testConfig } from '../../helpers/env';
import { useTestSandbox } from '../../helpers/sandbox';

describe('Hawkeye activities against the sandbox', () => {
  const sb = useTestSandbox();

  it('pages through Hawkeye probes, reads one, and refuses a malformed probe naming the field', async () => {
    const hawkeye = createHawkeyeActivities(createHawkeyeHttp(testConfig(sb.env).vendors.hawkeye));
    expect(await hawkeye.probeInventory({ offset: 0, limit: 1 })).toEqual({
      total: 2,
      serialNumbers: ['B827EB0A7C11'],
    });
    expect(await hawkeye.probeInventory({ offset: 1, limit: 5 })).toEqual({
      total: 2,
      serialNumbers: ['B827EB92EB72'],
    });
    expect(await hawkeye.probeStatus({ serialNumber: 'B827EB92EB72' })).toMatchObject({
      name: 'acme-hq-probe',
      status: 'online',
    });
    await sb.call('PATCH', '/_sandbox/hawkeye/devices/B827EB92EB72', { status: 'sleeping' });
    const failure = await failureOf(hawkeye.probeStatus({ serialNumber: 'B827EB92EB72' }));
    expect(failure).toMatchObject({ type: 'VendorContractError', nonRetryable: true });
    expect(failure.message).toMatch(/field "status"/);
    expect(await failureOf(hawkeye.probeStatus({ serialNumber: 'NOPE' }))).toMatchObject({
      type: 'VendorRejectedError',
    });
  });

  it('checks a page of Hawkeye probes against the customer cache: owned probes classified, the rest unmonitored', async () => {
    const store = new SqliteAppStore(':memory:');
    await store.stageCustomerCache('hawkeye', 'g1', [{ serialNumber: 'B827EB92EB72', clientId: '9994' }]);
    await store.commitCustomerCache('hawkeye', 'g1', '2026-11-24T00:00:00Z');
    const hawkeye = createHawkeyeActivities(createHawkeyeHttp(testConfig(sb.env).vendors.hawkeye), store);
    expect(await hawkeye.checkProbes({ offset: 0, limit: 10 })).toEqual({
      total: 2,
      checked: 1,
      unmonitored: 1,
      faulty: [],
      healthy: [{ clientId: '9994', serialNumbers: ['B827EB92EB72'] }],
      discards: [],
    });
    await sb.call('PATCH', '/_sandbox/hawkeye/devices/B827EB92EB72', { status: 'offline' });
    expect(await hawkeye.checkProbes({ offset: 0, limit: 10 })).toMatchObject({
      checked: 1,
      faulty: [{ serialNumber: 'B827EB92EB72', clientId: '9994', status: 'offline', name: 'acme-hq-probe' }],
      healthy: [],
    });
    await store.close();
    const withoutCache = createHawkeyeActivities(createHawkeyeHttp(testConfig(sb.env).vendors.hawkeye));
    await expect(withoutCache.checkProbes({ offset: 0, limit: 1 })).rejects.toThrow(/without the customer cache/);
  });

  it('a malformed probe is discarded with its reason; the page goes on', async () => {
    const store = new SqliteAppStore(':memory:');
    await store.stageCustomerCache('hawkeye', 'g1', [
      { serialNumber: 'B827EB92EB72', clientId: '9994' },
      { serialNumber: 'B827EB0A7C11', clientId: '7311' },
    ]);
    await store.commitCustomerCache('hawkeye', 'g1', '2026-11-24T00:00:00Z');
    const hawkeye = createHawkeyeActivities(createHawkeyeHttp(testConfig(sb.env).vendors.hawkeye), store);
    await sb.call('PATCH', '/_sandbox/hawkeye/devices/B827EB0A7C11', { status: 'melted' });
    const inContext = new MockActivityEnvironment();
    expect(await inContext.run(hawkeye.checkProbes, { offset: 0, limit: 10 })).toMatchObject({
      checked: 1,
      discards: [{ device: 'B827EB0A7C11', reason: expect.stringMatching(/^field "status" /) }],
    });
    const inventory = (await inContext.run(hawkeye.probeInventory, { offset: 0, limit: 10 })) as {
      serialNumbers: string[];
    };
    expect(inventory.serialNumbers).toEqual(['B827EB92EB72']);
    await store.close();
  });
});
