// A CPU profile of this process (the worker, in a bench) over a phase, its main thread and its worker threads (the
// SDK runs workflows in worker threads), each sample's self time put into the parts a reminder or a vendor activity
// costs: the workflow sandbox, the SDK's worker, the payload codec, HTTP clients, ...
import { threadSessions } from './inspector';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
}
type Profile = { nodes: ProfileNode[] };

/** Which part of the engine a sampled frame belongs to, first match wins (`url` is the frame's script). */
const PARTS: Array<[string, (url: string, fn: string) => boolean]> = [
  ['idle', (_, fn) => fn === '(idle)'],
  ['garbage collection', (_, fn) => fn === '(garbage collector)'],
  ['native (V8, the SDK core bridge)', (_, fn) => fn === '(program)' || /temporal_sdk_typescript_bridge/.test(fn)],
  ['stack traces (source-mapped)', (url, fn) => /source-map/.test(url) || fn === 'get stack'],
  ['socket and pipe writes', (url, fn) => url === '' && /^write(v|Latin1String|Utf8String|Buffer)$/.test(fn)],
  [
    'workflow code and its sandbox (replay included)',
    (url, fn) =>
      /workflow-bundle|worker\/lib\/workflow\/|evalmachine/.test(url) || /^(runInContext|postMessage)$/.test(fn),
  ],
  [
    'module loading (tsx compiles on require)',
    (url, fn) => /wrapSafe|compileFunction/.test(fn) || /tsx\/dist|node:internal\/modules/.test(url),
  ],
  ['payload codec (encryption)', (url) => /\/codec\//.test(url)],
  [
    'notifier clients (Slack, Twilio, email; axios)',
    (url) => /node_modules\/(twilio|nodemailer|axios|@slack)\//.test(url),
  ],
  [
    'HTTP (undici, node:http)',
    (url) =>
      url.startsWith('wasm://') || /undici|node:_http|node:http|node:net|node:internal\/(http|net|stream)/.test(url),
  ],
  ['zod parsing', (url) => /node_modules\/zod\//.test(url)],
  ['activities and vendor clients (ours)', (url) => /\/(activities|vendors|notifier|store)\//.test(url)],
  ['app store (SQLite)', (url) => /better-sqlite3/.test(url)],
  ['SDK worker and protobuf', (url) => /@temporalio\/|protobufjs|long\//.test(url)],
  ['logging', (url) => /pino|observability/.test(url)],
];

/**
 * Starts sampling this process's main thread and every worker thread running now; `stop()` answers the share of busy
 * samples (not idle) per part, largest first, over all threads.
 */
export async function startCpuProfile(): Promise<{ stop(): Promise<PartShare[]> }> {
  const { threads, close } = await threadSessions();
  for (const t of threads) {
    await t.post('Profiler.enable');
    await t.post('Profiler.setSamplingInterval', { interval: SAMPLE_US });
    await t.post('Profiler.start');
  }
  return {
    async stop() {
      const nodes: ProfileNode[] = [];
      for (const t of threads) nodes.push(...((await t.post('Profiler.stop')) as { profile: Profile }).profile.nodes);
      close();
      return profileShares(nodes);
    },
  };
}

/** One part's self samples: its share of the busy ones (everything but idle), and its CPU time over all threads. */
export interface PartShare {
  part: string;
  share: number;
  ms: number;
}

/** Microseconds between samples: each sample stands for about that much CPU of its thread. */
const SAMPLE_US = 1000;

/** Self samples per part, as shares of the busy samples and as CPU milliseconds. */
export function profileShares(nodes: ProfileNode[]): PartShare[] {
  const hits = new Map<string, number>();
  for (const n of nodes) {
    const part = PARTS.find(([, is]) => is(n.callFrame.url, n.callFrame.functionName))?.[0] ?? 'other (node, timers)';
    hits.set(part, (hits.get(part) ?? 0) + (n.hitCount ?? 0));
  }
  hits.delete('idle');
  const busy = [...hits.values()].reduce((a, b) => a + b, 0) || 1;
  // BENCH_PROFILE_TOP=<part> (e.g. "workflow code" or "other") prints that part's 25 costliest frames: where to cut next.
  const top = process.env.BENCH_PROFILE_TOP;
  if (top) {
    const frames = new Map<string, number>();
    for (const n of nodes) {
      const part = PARTS.find(([, is]) => is(n.callFrame.url, n.callFrame.functionName))?.[0] ?? 'other (node, timers)';
      if (!part.startsWith(top)) continue;
      const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url}`;
      frames.set(key, (frames.get(key) ?? 0) + (n.hitCount ?? 0));
    }
    for (const [k, v] of [...frames].sort((a, b) => b[1] - a[1]).slice(0, 25))
      console.log(`  ${top}: ${((v / busy) * 100).toFixed(1)} % ${k}`);
  }
  return [...hits]
    .map(([part, n]) => ({ part, share: n / busy, ms: (n * SAMPLE_US) / 1000 }))
    .sort((a, b) => b.share - a.share);
}
