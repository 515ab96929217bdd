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
export async function startCpuProfile(): Promise<{ stop(): Promise<Array<{ part: string; share: number }>> }> {
  const { threads, close } = await threadSessions();
  for (const t of threads) {
    await t.post('Profiler.enable');
    await t.post('Profiler.setSamplingInterval', { interval: 1000 });
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

/** Self samples per part, as shares of the busy samples (everything but idle). */
export function profileShares(nodes: ProfileNode[]): Array<{ part: string; share: number }> {
  const hits = new Map<string, number>();
  for (const n of nodes) {
    const part = PARTS.find(([, is]) => is(n.callFrame.url, n.callFrame.functionName))?.[0] ?? 'other (node, timers)';
    hits.set(part, (hits.get(part) ?? 0) + (n.hitCount ?? 0));
  }
  hits.delete('idle');
  const busy = [...hits.values()].reduce((a, b) => a + b, 0) || 1;
  if (process.env.BENCH_PROFILE_OTHER) {
    const other = new Map<string, number>();
    for (const n of nodes)
      if (!PARTS.some(([, is]) => is(n.callFrame.url, n.callFrame.functionName))) {
        const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url}`;
        other.set(key, (other.get(key) ?? 0) + (n.hitCount ?? 0));
      }
    for (const [k, v] of [...other].sort((a, b) => b[1] - a[1]).slice(0, 25))
      console.log(`  other: ${((v / busy) * 100).toFixed(1)} % ${k}`);
  }
  return [...hits].map(([part, n]) => ({ part, share: n / busy })).sort((a, b) => b.share - a.share);
}
