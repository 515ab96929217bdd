import type { Reply } from '../http';
import type { Sandbox } from '../sandbox';

/** Digi's device API: `POST /digi/api/v1/devices/<serial>/reboot`; reboot requests are counted on the device. */
export function digiRoute(sandbox: Sandbox, method: string, parts: string[]): Reply | undefined {
  const [api, version, devices, serial, action] = parts;
  if (
    method !== 'POST' ||
    api !== 'api' ||
    version !== 'v1' ||
    devices !== 'devices' ||
    action !== 'reboot' ||
    parts.length !== 5
  )
    return undefined;
  const device = sandbox.collection('digi', 'devices')[serial];
  if (!device) return { status: 404, json: { message: `no Digi device ${serial}` } };
  device.rebootRequests = Number(device.rebootRequests ?? 0) + 1;
  return { status: 202, json: { serial, status: 'rebooting' } };
}
