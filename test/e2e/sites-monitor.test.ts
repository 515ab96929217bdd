import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { SitesMonitorResult } from '../../workflows/sites/sites-monitor';
import { useTestEngine } from '../helpers/engine';
import { freePort, TEST_KEY } from '../helpers/env';

describe('end to end: the sites monitor schedule, and fleet gauges every worker process serves alike (issue 14)', () => {
  // A short notifier interval, so that one test sees an interval close (the default is an hour).
  const INTERVAL_MS = 20_000;
  const engine = useTestEngine('sites', { SITES_SLACK_INTERVAL: '20s' });
  const workers: Array<{ child: ChildProcess; metrics: string }> = [];
  afterAll(() => {
    for (const w of workers) w.child.kill('SIGKILL');
  });

  /** A worker process beside the engine (`npm run worker`, the notifier pool), serving app metrics from the same store. */
  async function startWorker() {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
      cwd: join(__dirname, '../..'),
      env: {
        ...process.env,
        APP_ENV: 'test',
        PAYLOAD_KEY_ID: 'test-1',
        PAYLOAD_KEY: TEST_KEY,
        TEMPORAL_ADDRESS: engine.server.address,
        APP_DB_FILE: engine.storeFile,
        WORKER_QUEUES: 'notifier',
        SDK_METRICS_PORT: String(await freePort()),
        APP_METRICS_PORT: String(port),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    workers.push({ child, metrics: `http://127.0.0.1:${port}/metrics` });
  }
  /** The fleet series one worker process answers, sorted, without the (time-dependent) snapshot age. */
  const fleetLines = async (url: string) => {
    const text = await (await fetch(url)).text();
    return text
      .split('\n')
      .filter((l) => /^automation_engine_(edges|links|faulty_edges|edges_processed)\b/.test(l))
      .sort();
  };
  const scrapeUntil = async (url: string, want: RegExp) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const lines = await fleetLines(url).catch(() => []);
      if (lines.some((l) => want.test(l))) return lines;
      if (Date.now() > deadline) throw new Error(`${url} never showed ${want}: ${lines.join('; ')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  const summaries = async () => {
    const state = (await engine.sb.call('GET', '/_sandbox/state')).json as {
      outbox: { slack: Array<{ text: string }> };
    };
    return state.outbox.slack.filter((m) => m.text.startsWith('*Sites monitor*')).map((m) => m.text);
  };
  /** Waits for the next notifier interval to begin (intervals are aligned to the epoch). */
  const nextInterval = () => new Promise((r) => setTimeout(r, INTERVAL_MS - (Date.now() % INTERVAL_MS) + 300));
  // A triggered run's ID carries its second: a second trigger in the same second would be the same cycle.
  const nextSecond = () => new Promise((r) => setTimeout(r, 1_050 - (Date.now() % 1_000)));

  it('an edge set down shows in edges{state="OFFLINE"} after one cycle; two worker processes answer the same; Slack hears of it once, after its interval', async () => {
    await Promise.all([startWorker(), startWorker()]);
    await nextInterval();
    const first = await engine.triggerSchedule<SitesMonitorResult>('sites-monitor');
    expect(first.result).toMatchObject({ edgesProcessed: 3, faulty: 0 });
    const connected = /^automation_engine_edges\{host="mettel\.velocloud\.net",enterprise="1",state="CONNECTED"\} 2$/;
    for (const w of workers) await scrapeUntil(w.metrics, connected);

    await engine.sb.call('PATCH', '/_sandbox/velocloud/edges/mettel.velocloud.net%2F1%2F102', { edgeState: 'OFFLINE' });
    await nextSecond();
    const second = await engine.triggerSchedule<SitesMonitorResult>('sites-monitor');
    expect(second.result).toMatchObject({ edgesProcessed: 3, faulty: 1 });
    const offline = /^automation_engine_edges\{host="mettel\.velocloud\.net",enterprise="1",state="OFFLINE"\} 1$/;
    const [a, b] = await Promise.all(workers.map((w) => scrapeUntil(w.metrics, offline)));
    expect(a).toEqual(b);
    expect(a).toEqual(
      expect.arrayContaining([
        'automation_engine_edges{host="mettel.velocloud.net",enterprise="1",state="CONNECTED"} 1',
        'automation_engine_edges{host="mettel.velocloud.net",enterprise="2",state="CONNECTED"} 1',
        'automation_engine_edges_processed 3',
        'automation_engine_faulty_edges 1',
      ]),
    );
    // The cycles of an interval feed the gauges, not Slack: nothing is posted while the interval runs.
    const firstInterval = Math.floor(Date.parse(first.result.takenAt) / INTERVAL_MS);
    expect(Math.floor(Date.parse(second.result.takenAt) / INTERVAL_MS)).toBe(firstInterval);
    expect(await summaries()).toEqual([]);

    // The next interval's first cycle sends the interval before, once, however many cycles follow.
    await nextInterval();
    await engine.triggerSchedule<SitesMonitorResult>('sites-monitor');
    await nextSecond();
    await engine.triggerSchedule<SitesMonitorResult>('sites-monitor');
    const sent = await summaries();
    expect(sent).toHaveLength(1);
    const [head, latest, edge] = sent[0].split('\n');
    expect(head).toMatch(/^\*Sites monitor\*, .* UTC: 1 faulty edge in 2 cycles$/);
    expect(head).toContain(` ${new Date(firstInterval * INTERVAL_MS).toISOString().slice(11, 19)}–`);
    expect(latest).toBe('Latest cycle: 3 edges (CONNECTED 2, OFFLINE 1)');
    expect(edge).toMatch(
      /^• acme-warehouse \(mettel\.velocloud\.net, enterprise 1\): edge offline; faulty in 1 of 2 cycles/,
    );
    const schedule = await engine.client.schedule.getHandle('sites-monitor').describe();
    expect(schedule.action).toMatchObject({ args: [expect.objectContaining({ summaryIntervalSeconds: 20 })] });
  });
});
