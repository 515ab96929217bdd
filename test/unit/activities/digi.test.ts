import { createDigiActivities } from '../../../activities/digi/activities';
import { createDigiHttp } from '../../../activities/digi/client';
import { failureOf, testConfig } from '../../helpers/env';
import { useTestSandbox } from '../../helpers/sandbox';

describe('Digi activities against the sandbox', () => {
  const sb = useTestSandbox();

  it('reboots a Digi device, and rejects an unknown or malformed serial', async () => {
    const digi = createDigiActivities(createDigiHttp(testConfig(sb.env).vendors.digi));
    expect(await digi.rebootDevice({ serial: 'VC05200039471' })).toEqual({ status: 'rebooting' });
    const state = (await sb.call('GET', '/_sandbox/state')).json as {
      vendors: { digi: { devices: Record<string, { rebootRequests: number }> } };
    };
    expect(state.vendors.digi.devices.VC05200039471.rebootRequests).toBe(1);
    expect(await failureOf(digi.rebootDevice({ serial: 'UNKNOWN1' }))).toMatchObject({
      type: 'VendorRejectedError',
      nonRetryable: true,
    });
    expect((await failureOf(digi.rebootDevice({ serial: '../x' }))).message).toMatch(/field "serial" is invalid/);
  });
});
