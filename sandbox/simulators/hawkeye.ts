import type { Reply } from '../http';
import type { Sandbox } from '../sandbox';
import type { Entity } from '../state';

const toProbe = (d: Entity) => ({
  serialNumber: d.serialNumber,
  name: d.name ?? d.serialNumber,
  status: d.status,
  lastContact: d.lastContact ?? '2026-11-23T00:00:00Z',
});

/** Hawkeye's probe API: `GET /hawkeye/api/v1/probes?offset&limit` (paged) and `GET /hawkeye/api/v1/probes/<serial>`. */
export function hawkeyeRoute(
  sandbox: Sandbox,
  method: string,
  parts: string[],
  query: URLSearchParams,
): Reply | undefined {
  const [api, version, probes, serial] = parts;
  if (method !== 'GET' || api !== 'api' || version !== 'v1' || probes !== 'probes') return undefined;
  const devices = Object.values(sandbox.collection('hawkeye', 'devices')).sort((a, b) =>
    String(a.serialNumber).localeCompare(String(b.serialNumber)),
  );
  if (serial !== undefined) {
    const device = devices.find((d) => d.serialNumber === serial);
    return device ? { status: 200, json: toProbe(device) } : { status: 404, json: { message: `no probe ${serial}` } };
  }
  const offset = Number(query.get('offset') ?? 0);
  const limit = Number(query.get('limit') ?? 100);
  if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > 1000) {
    return { status: 400, json: { message: 'offset must be >= 0 and limit 1-1000' } };
  }
  return {
    status: 200,
    json: { total: devices.length, offset, probes: devices.slice(offset, offset + limit).map(toProbe) },
  };
}
