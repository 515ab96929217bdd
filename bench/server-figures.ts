// What the Temporal server itself did over a stretch of a bench: state transitions per second (its own metrics),
// the shards each history host owned, and the CPU its processes and PostgreSQL spent (from /proc): the figures a
// cluster is sized by (issue 32).
import { readServerMetrics, sumSamples, type ServerMetricsTarget } from '../temporal-config/server-metrics';
import { childrenByParent, cpuTicks, processMemory } from './proc';

/** A Temporal server process (or PostgreSQL's postmaster) a bench watches. */
export interface ServerProcess {
  process: string;
  /** `dev-server` runs every service in one process; `postgres` is the postmaster, its backends counted with it. */
  service: string;
  pid: number;
}

/** What a bench's Temporal exposes to be watched. */
export interface WatchedServer {
  metricsTargets: ServerMetricsTarget[];
  pids(): ServerProcess[];
}

export interface ServerFigures {
  transitions: number;
  transitionsPerSecond: number;
  /** Shards per history process (the dev server's one history service included), in process order. */
  shards: Array<{ process: string; shards: number }>;
  /** Cores used over the stretch (CPU seconds ÷ wall seconds) per service, and `postgres`. */
  cores: Record<string, number>;
  /** Resident memory per service at the end, MB (every process of it). */
  rssMb: Record<string, number>;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU ticks of a process and everything under it (its live children's, and those of the children it reaped). */
function treeTicks(pid: number, byParent: Map<number, number[]>): number {
  const own = cpuTicks(pid);
  if (!own) return 0;
  return own.own + own.children + (byParent.get(pid) ?? []).reduce((sum, child) => sum + treeTicks(child, byParent), 0);
}

/** Resident MB of a process and everything under it (0 for what has ended). */
function treeRssMb(pid: number, byParent: Map<number, number[]>): number {
  const { rss } = processMemory(pid);
  return (
    (Number.isNaN(rss) ? 0 : rss / 1024) +
    (byParent.get(pid) ?? []).reduce((sum, child) => sum + treeRssMb(child, byParent), 0)
  );
}

const HISTORY = /^(history|dev-server)/;

/** Starts watching now; `stop()` gives the figures since. */
export async function watchServer(
  server: WatchedServer,
  namespace = 'default',
): Promise<{ stop(): Promise<ServerFigures> }> {
  const history = server.metricsTargets.filter((t) => HISTORY.test(t.process));
  // Our namespace's transitions: the server's own system workflows are not the bench's work.
  const transitions = (exposition: string) => sumSamples(exposition, 'state_transition_count_count', { namespace });
  const byService = (measure: (pid: number) => number) => {
    const sums: Record<string, number> = {};
    for (const p of server.pids()) sums[p.service] = (sums[p.service] ?? 0) + measure(p.pid);
    return sums;
  };
  const started = Date.now();
  let transitionsBefore = 0;
  for (const t of history) transitionsBefore += transitions(await readServerMetrics(t));
  const before = childrenByParent();
  const cpuBefore = byService((pid) => treeTicks(pid, before));
  return {
    async stop() {
      const seconds = (Date.now() - started) / 1000;
      const after = childrenByParent();
      const cpuAfter = byService((pid) => treeTicks(pid, after));
      let done = -transitionsBefore;
      const shards = [];
      for (const t of history) {
        const exposition = await readServerMetrics(t);
        done += transitions(exposition);
        shards.push({ process: t.process, shards: sumSamples(exposition, 'numshards_gauge') });
      }
      return {
        transitions: done,
        transitionsPerSecond: done / seconds,
        shards,
        cores: Object.fromEntries(
          Object.entries(cpuAfter).map(([s, t]) => [s, (t - (cpuBefore[s] ?? 0)) / TICKS_PER_SECOND / seconds]),
        ),
        rssMb: byService((pid) => treeRssMb(pid, after)),
      };
    },
  };
}

/** The figures as bench rows, the same keys whatever the engine ("—" where it has no such part). */
export function serverFigureRows(f: ServerFigures): Array<[string, string]> {
  const cores = (s: string) => (f.cores[s] === undefined ? '—' : f.cores[s].toFixed(2));
  const services = ['frontend', 'history', 'matching', 'worker'];
  const temporalCores = Object.entries(f.cores)
    .filter(([s]) => s !== 'postgres')
    .reduce((sum, [, c]) => sum + c, 0);
  const temporalRss = Object.entries(f.rssMb)
    .filter(([s]) => s !== 'postgres')
    .reduce((sum, [, mb]) => sum + mb, 0);
  return [
    ['state transitions in the cycle (history metrics)', String(f.transitions)],
    ['state transitions per second (cycle)', f.transitionsPerSecond.toFixed(0)],
    ['history shards owned, per history process', f.shards.map((s) => s.shards).join(' / ')],
    ['Temporal server CPU cores (cycle), all its processes', temporalCores.toFixed(2)],
    [
      '  frontend / history / matching / worker',
      services.some((s) => s in f.cores) ? services.map(cores).join(' / ') : '—',
    ],
    ['PostgreSQL CPU cores (cycle)', cores('postgres')],
    ['Temporal server RSS MB (end of cycle)', temporalRss.toFixed(0)],
  ];
}
