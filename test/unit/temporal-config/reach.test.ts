import { createServer, type Server } from 'node:net';
import { status } from '@grpc/grpc-js';
import {
  isUnanswered,
  reachTemporal,
  StoppedWaiting,
  tcpProblem,
  TemporalUnreachable,
} from '../../../temporal-config/reach';
import { freePort } from '../../helpers/env';

const listen = (port: number) =>
  new Promise<Server>((resolve) => {
    const server = createServer((socket) => socket.destroy());
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
const grpcError = (code: number) => Object.assign(new Error(`${code} grpc`), { code });

describe('reaching Temporal', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  it('tcpProblem: refused and unknown hosts in words; nothing when something listens', async () => {
    const port = await freePort();
    expect(await tcpProblem(`127.0.0.1:${port}`)).toBe('connection refused (nothing listens on that port)');
    expect(await tcpProblem('no-such-host.invalid:7233')).toMatch(/no such host|did not resolve/);
    servers.push(await listen(port));
    expect(await tcpProblem(`127.0.0.1:${port}`)).toBeUndefined();
  });

  it('isUnanswered: no server answering is worth waiting for; a server refusing is not', () => {
    const transport = Object.assign(new Error('tcp connect error'), { name: 'TransportError' });
    expect(isUnanswered(transport)).toBe(true);
    expect(isUnanswered(new Error('Failed to connect before the deadline'))).toBe(true);
    expect(isUnanswered(grpcError(status.UNAVAILABLE))).toBe(true);
    expect(isUnanswered(grpcError(status.DEADLINE_EXCEEDED))).toBe(true);
    expect(isUnanswered(grpcError(status.UNAUTHENTICATED))).toBe(false);
    expect(isUnanswered(grpcError(status.PERMISSION_DENIED))).toBe(false);
    expect(isUnanswered(new Error('namespace default not found'))).toBe(false);
    expect(isUnanswered('a string')).toBe(false);
  });

  it('without patience: one try; the error names the address and the reason, and the connect is not even tried', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const attempt = jest.fn(async () => 'connected');
    const err = await reachTemporal(address, attempt).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemporalUnreachable);
    expect((err as Error).message).toBe(
      `Temporal at ${address} is not reachable: connection refused (nothing listens on that port). ` +
        'Is the engine running (npm start)? Else set TEMPORAL_ADDRESS to where Temporal is.',
    );
    expect(attempt).not.toHaveBeenCalled();
  });

  it('a refusal from a server that answered is passed on at once, patience or not', async () => {
    const port = await freePort();
    servers.push(await listen(port));
    const denied = grpcError(status.PERMISSION_DENIED);
    const onWait = jest.fn();
    await expect(
      reachTemporal(`127.0.0.1:${port}`, () => Promise.reject(denied), { waitMs: 10_000, onWait }),
    ).rejects.toBe(denied);
    expect(onWait).not.toHaveBeenCalled();
  });

  it('TCP taken but no Temporal answering (a load balancer with no frontend up): the reason says so', async () => {
    const port = await freePort();
    servers.push(await listen(port));
    const address = `127.0.0.1:${port}`;
    const err = await reachTemporal(address, () =>
      Promise.reject(new Error('Failed to connect before the deadline')),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemporalUnreachable);
    expect((err as Error).message).toContain(
      `Temporal at ${address} is not reachable: something takes TCP connections there but no Temporal answers on ` +
        'them (Failed to connect before the deadline): a Temporal still starting, a load balancer with no Temporal ' +
        'frontend up behind it, or another service on that port',
    );
  });

  it('with patience: tries again, 1 s then 2 s apart, until the server answers', async () => {
    const port = await freePort();
    const waits: Array<[string, number]> = [];
    let tries = 0;
    const reached = reachTemporal(
      `127.0.0.1:${port}`,
      async () => {
        tries++;
        if (tries === 1) throw new Error('Failed to connect before the deadline');
        return 'connected';
      },
      { waitMs: 60_000, onWait: (reason, ms) => waits.push([reason, ms]) },
    );
    // Refused first; listening after the first pause, yet the gRPC connect fails once more.
    await new Promise((r) => setTimeout(r, 500));
    servers.push(await listen(port));
    expect(await reached).toBe('connected');
    expect(tries).toBe(2);
    expect(waits).toEqual([
      ['connection refused (nothing listens on that port)', 1_000],
      [
        expect.stringMatching(/^something takes TCP connections there .*\(Failed to connect before the deadline\)/),
        2_000,
      ],
    ]);
  });

  it('with patience spent: the error says how long it tried; the last pause is cut to what was left', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const pauses: number[] = [];
    const err = await reachTemporal(address, async () => 'connected', {
      waitMs: 2_000,
      onWait: (_reason, ms) => pauses.push(ms),
    }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      new RegExp(`^Temporal at ${address} is not reachable after 2 s: connection refused`),
    );
    expect(pauses[0]).toBe(1_000);
    expect(pauses[1]).toBeLessThanOrEqual(1_000);
    expect(pauses).toHaveLength(2);
  });

  it('a stop while waiting ends the wait with StoppedWaiting', async () => {
    const stop = new AbortController();
    const reached = reachTemporal(`127.0.0.1:${await freePort()}`, async () => 'connected', {
      waitMs: 60_000,
      onWait: () => setTimeout(() => stop.abort(), 50),
      signal: stop.signal,
    });
    await expect(reached).rejects.toBeInstanceOf(StoppedWaiting);
  });
});
