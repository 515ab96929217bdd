import { existsSync } from 'node:fs';
import { ClusterError } from './cluster-postgres';

/** One frontend the balancer routes to. */
export interface BalancedFrontend {
  name: string;
  host: string;
  port: number;
}

/** HTTP/2 streams a client connection may hold at once. */
const H2_STREAMS = 1000;

/** Seconds between health checks, and how many misses take a frontend out (or successes bring it back). */
const CHECK_INTERVAL_MS = 1_000;
const CHECK_FALL = 2;
const CHECK_RISE = 2;

/**
 * HAProxy's configuration for the replicated cluster: gRPC over HTTP/2 (cleartext) on the address clients dial, each
 * call to the next healthy frontend. A frontend that stops answering its TCP check is out within about two seconds; a
 * call that meets a dead one before that (its connection refused) is sent to the other, which is safe since no
 * frontend saw it; a call cut after it was sent is not retried here (the client's retry policy decides). Long polls last up to ~70 s, so the idle timeouts are minutes.
 */
export function haproxyConfig(listen: { host: string; port: number }, frontends: readonly BalancedFrontend[]): string {
  return [
    'global',
    '  maxconn 4096',
    // A worker process long-polls every task queue on one HTTP/2 connection (10 pools, several pollers each): past
    // the default 100 streams, its task completions would queue behind the polls and time out.
    `  tune.h2.max-concurrent-streams ${H2_STREAMS}`,
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 5m',
    '  timeout server 5m',
    '  option redispatch',
    '  retries 3',
    '  retry-on conn-failure',
    'frontend temporal-grpc',
    `  bind ${listen.host}:${listen.port} proto h2`,
    '  default_backend temporal-frontends',
    'backend temporal-frontends',
    '  balance roundrobin',
    ...frontends.map(
      (f) =>
        `  server ${f.name} ${f.host}:${f.port} proto h2 check inter ${CHECK_INTERVAL_MS} fall ${CHECK_FALL} rise ${CHECK_RISE}`,
    ),
    '',
  ].join('\n');
}

/** Where Debian and source builds put haproxy. */
const HAPROXY_PATHS = ['/usr/sbin/haproxy', '/usr/bin/haproxy', '/usr/local/sbin/haproxy'];

/** Debian's haproxy (at its usual paths, or on `PATH`), or a refusal naming the package. */
export function haproxyBinary(paths = HAPROXY_PATHS, pathEnv = process.env.PATH ?? ''): string {
  const onPath = pathEnv
    .split(':')
    .filter(Boolean)
    .map((dir) => `${dir}/haproxy`);
  const found = [...paths, ...onPath].find((candidate) => existsSync(candidate));
  if (found) return found;
  throw new ClusterError(
    'TEMPORAL_REPLICAS above 1 puts a load balancer in front of the frontends: install it with `apt-get install haproxy`',
  );
}
