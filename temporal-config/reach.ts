import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { status } from '@grpc/grpc-js';
import type { Logger } from 'pino';

/** Temporal did not answer at an address: where, why (in words), and what to check. */
export class TemporalUnreachable extends Error {
  constructor(
    readonly address: string,
    readonly reason: string,
    waitedMs = 0,
  ) {
    super(
      `Temporal at ${address} is not reachable${waitedMs >= 1_000 ? ` after ${Math.round(waitedMs / 1000)} s` : ''}: ${reason}. ` +
        'Is the engine running (npm start)? Else set TEMPORAL_ADDRESS to where Temporal is.',
    );
    this.name = 'TemporalUnreachable';
  }
}

/** The wait for Temporal ended because the process was told to stop. */
export class StoppedWaiting extends Error {
  constructor() {
    super('stopped while waiting for Temporal');
    this.name = 'StoppedWaiting';
  }
}

const TCP_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (nothing listens on that port)',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name did not resolve (DNS)',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'no route to the network',
  ECONNRESET: 'the connection was reset',
};

/**
 * Why nothing takes a TCP connection at host:port, in words, or undefined when something does. Asked before the
 * gRPC connection: that one only says "Failed to connect before the deadline", and only after its 10 s.
 */
export function tcpProblem(address: string, timeoutMs = 3_000): Promise<string | undefined> {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon);
  const port = Number(address.slice(colon + 1));
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (reason?: string) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs / 1000} s`));
    socket.once('connect', () => done(undefined));
    socket.once('error', (err: NodeJS.ErrnoException) => done(TCP_REASONS[err.code ?? ''] ?? err.message));
  });
}

/**
 * Whether a failed connect means that no Temporal answered (worth another try later), as opposed to one that
 * answered and refused (credentials, namespace), which waiting does not mend.
 */
export function isUnanswered(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  // A gRPC status from the client's first call (its system info).
  if (typeof code === 'number') return code === status.UNAVAILABLE || code === status.DEADLINE_EXCEEDED;
  // The worker's native connection reports every transport failure (TCP, DNS, TLS handshake) as TransportError;
  // the client's, as a deadline that passed before the channel was ready.
  return err.name === 'TransportError' || /before the deadline/.test(err.message);
}

/**
 * The reason when TCP was taken but no Temporal answered on it: a load balancer whose frontends are all down accepts
 * the connection and forwards it nowhere (HAProxy does), and the gRPC client then says only that its deadline passed.
 */
const silentListener = (grpcMessage: string) =>
  `something takes TCP connections there but no Temporal answers on them (${grpcMessage}): a Temporal still ` +
  'starting, a load balancer with no Temporal frontend up behind it, or another service on that port';

export interface Patience {
  /** How long to keep trying; 0: one attempt. */
  waitMs: number;
  /** Told of each failed attempt: why, and when the next one is. */
  onWait: (reason: string, retryInMs: number) => void;
  /** Aborted when the process is told to stop: the wait ends with StoppedWaiting. */
  signal?: AbortSignal;
}

/**
 * Connects to Temporal at `address` through `connect`, turning "nothing answered" into a TemporalUnreachable that
 * says where and why. With patience (the long-running processes: a worker or the portal started before the server,
 * or while it restarts), tries again with backoff (1 s doubling to 10 s) until `waitMs` has passed, instead of
 * exiting at once and leaving the restart to a supervisor's growing backoff.
 */
export async function reachTemporal<T>(address: string, attempt: () => Promise<T>, patience?: Patience): Promise<T> {
  const started = Date.now();
  let delay = 1_000;
  for (;;) {
    if (patience?.signal?.aborted) throw new StoppedWaiting();
    let reason = await tcpProblem(address);
    if (reason === undefined) {
      try {
        return await attempt();
      } catch (err) {
        if (!isUnanswered(err)) throw err;
        reason = silentListener(err instanceof Error ? err.message : String(err));
      }
    }
    if (!patience) throw new TemporalUnreachable(address, reason);
    const waited = Date.now() - started;
    if (waited >= patience.waitMs) throw new TemporalUnreachable(address, reason, waited);
    const pause = Math.min(delay, patience.waitMs - waited);
    patience.onWait(reason, pause);
    try {
      await sleep(pause, undefined, { signal: patience.signal });
    } catch {
      throw new StoppedWaiting();
    }
    delay = Math.min(delay * 2, 10_000);
  }
}

/**
 * The patience of a long-running process: TEMPORAL_CONNECT_WAIT_SECONDS, a warning per failed attempt (a worker
 * started before the server says why it is idle), and an end to the wait on a stop signal.
 */
export function waitForTemporal(
  temporal: { address: string; connectWaitMs: number },
  logger: Logger,
  signal: AbortSignal,
): Patience {
  return {
    waitMs: temporal.connectWaitMs,
    signal,
    onWait: (reason, retryInMs) =>
      logger.warn(
        { address: temporal.address, reason, retryInSeconds: Math.round(retryInMs / 100) / 10 },
        'Temporal is not reachable yet; trying again',
      ),
  };
}
