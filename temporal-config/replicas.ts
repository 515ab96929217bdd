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
