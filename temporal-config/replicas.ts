// Where the replicated cluster's processes live: pure, so the config (which refuses too many) and the tests read it
// without starting anything.

/** The four Temporal services, each its own process, started in this order and stopped in reverse. */
export const SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
export type Service = (typeof SERVICES)[number];

/** The most processes per service: each needs a loopback address of its own in its service's block of ten. */
export const MAX_REPLICAS = 9;

/** Where each service's replicas live when there are several: 127.0.0.11-19 the frontends, .21-29 history, ... */
const HOST_BLOCK: Record<Service, number> = { frontend: 10, history: 20, matching: 30, worker: 40 };

/** The loopback address replica `replica` (1-based) of a service binds and advertises; 127.0.0.1 with one replica. */
export function serviceHost(service: Service, replica: number, replicas: number): string {
  return replicas > 1 ? `127.0.0.${HOST_BLOCK[service] + replica}` : '127.0.0.1';
}

/** A service process's name (its log and PID file): `history`, or `history-2` when there are several. */
export function processName(service: Service, replica: number, replicas: number): string {
  return replicas > 1 ? `${service}-${replica}` : service;
}

/** History shards per history host below which the hash ring's spread is lumpy enough to leave a host idle. */
export const MIN_SHARDS_PER_HISTORY_HOST = 32;

/**
 * Why a replicated cluster's shards may not spread, or undefined. Membership hashes each shard onto the ring of history
 * hosts: with few shards one host can own most or all of them (measured with 8 on two hosts: 0 / 8 and 1 / 7), and a
 * host without shards adds nothing but a standby. With 128 the same two hosts held 63 / 63.
 */
export function shardSpreadWarning(replicas: number, historyShards: number): string | undefined {
  if (replicas < 2 || historyShards >= MIN_SHARDS_PER_HISTORY_HOST * replicas) return undefined;
  return (
    `${historyShards} history shards on ${replicas} history hosts: the hash ring spreads so few unevenly (one host may own ` +
    `none), so the hosts share little of the load. Shards are fixed for the life of the database: give a new one ` +
    `TEMPORAL_HISTORY_SHARDS=${MIN_SHARDS_PER_HISTORY_HOST * replicas * 2} or more (docs/operations/cluster-and-production.md, Sizing)`
  );
}
