// What the Temporal server itself did over a stretch of a bench: state transitions per second (its own metrics),
// the shards each history host owned, and the CPU its processes and PostgreSQL spent (from /proc): the figures a
// cluster is sized by (issue 32).
import { readFileSync, readdirSync } from 'node:fs';
import { readServerMetric, type ServerMetricsTarget } from '../temporal-config/server-metrics';

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

/** A process's CPU ticks so far: its own, and its waited-for children's (PostgreSQL's ended backends). */
function ticks(pid: number): { own: number; children: number; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: fields count from after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const n = (i: number) => Number(fields[i - 3]); // fields are 1-based in proc(5), the first two are gone
    return { own: n(14) + n(15), children: n(16) + n(17), ppid: n(4) };
  } catch {
    return undefined; // ended
  }
}

/** Every live process's parent, for finding PostgreSQL's backends. */
function parents(): Map<number, number[]> {
  const byParent = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const t = ticks(pid);
    if (t) byParent.set(t.ppid, [...(byParent.get(t.ppid) ?? []), pid]);
  }
  return byParent;
}

/** CPU ticks of a process and everything under it (its live children's, and those of the children it reaped). */
function treeTicks(pid: number, byParent: Map<number, number[]>): number {
  const own = ticks(pid);
  if (!own) return 0;
  return own.own + own.children + (byParent.get(pid) ?? []).reduce((sum, child) => sum + treeTicks(child, byParent), 0);
}

function rssMb(pid: number, byParent: Map<number, number[]>): number {
  let kb = 0;
  try {
    kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    // ended
  }
  return kb / 1024 + (byParent.get(pid) ?? []).reduce((sum, child) => sum + rssMb(child, byParent), 0);
}

const HISTORY = /^(history|dev-server)/;

/** Starts watching now; `stop()` gives the figures since. */
export async function watchServer(
  server: WatchedServer,
  namespace = 'default',
): Promise<{ stop(): Promise<ServerFigures> }> {
  const history = server.metricsTargets.filter((t) => HISTORY.test(t.process));
  const transitions = async () => {
    let sum = 0;
    // Our namespace's: the server's own system workflows are not the bench's work.
    for (const t of history) sum += await readServerMetric(t, 'state_transition_count_count', { namespace });
    return sum;
  };
  const cpu = () => {
    const byParent = parents();
    const byService: Record<string, number> = {};
    for (const p of server.pids()) byService[p.service] = (byService[p.service] ?? 0) + treeTicks(p.pid, byParent);
    return byService;
  };
  const started = Date.now();
  const transitionsBefore = await transitions();
  const cpuBefore = cpu();
  return {
    async stop() {
      const seconds = (Date.now() - started) / 1000;
      const cpuAfter = cpu();
      const done = (await transitions()) - transitionsBefore;
      const byParent = parents();
      const memory: Record<string, number> = {};
      for (const p of server.pids()) memory[p.service] = (memory[p.service] ?? 0) + rssMb(p.pid, byParent);
      const shards = [];
      for (const t of history)
        shards.push({ process: t.process, shards: await readServerMetric(t, 'numshards_gauge') });
      return {
        transitions: done,
        transitionsPerSecond: done / seconds,
        shards,
        cores: Object.fromEntries(
          Object.entries(cpuAfter).map(([s, t]) => [s, (t - (cpuBefore[s] ?? 0)) / TICKS_PER_SECOND / seconds]),
        ),
        rssMb: memory,
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
