import type { DoraKeys } from '../../domain/dora';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { computeDoraNow, formatDoraResult } from '../../cli/dora-command';
import { serveDevops } from '../../devops/serve';
import { createAppMetrics } from '../../observability/metrics';
import type { DoraMetricsResult } from '../../workflows/devops/dora-metrics';
import { freePort, testLogger } from '../helpers/env';
import { useTestEngine } from '../helpers/engine';

/** What GET /dora/<repo> answers. */
type DoraAnswer = DoraKeys & { eventsRead: number; lastScheduledComputation: string | null };

const TOKEN = 'e2e-devops-token-0123456789';
// The seed's three clients by the seed's names (seed 003): a pipeline that calls them works unchanged.
const SH = join(__dirname, '../../devops/ci/report_devops_event.sh');
const JS = join(__dirname, '../../devops/ci/report_devops_event.js');
const PY = join(__dirname, '../../devops/ci/report_devops_event.py');
const SCRIPTS = [SH, JS, PY];
const HOUR = 3_600_000;

/**
 * Runs a CI script as CI would (async: the service answering it lives in this process). Python runs isolated and
 * without site packages (`-I -S`): the script needs the standard library only.
 */
function runScript(script: string, args: string[], env: Record<string, string>) {
  const [file, argv] = script.endsWith('.sh')
    ? [script, args]
    : script.endsWith('.py')
      ? ['python3', ['-I', '-S', script, ...args]]
      : [process.execPath, [script, ...args]];
  return new Promise<{ code: number; out: string }>((resolve) => {
    execFile(file, argv, { env: { PATH: process.env.PATH ?? '', ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

describe('DevOps metrics end to end: CI scripts → service → store → doraMetrics → gauges (issue 15)', () => {
  const engine = useTestEngine('devops', { DEVOPS_EVENTS_SECRET_TOKEN: TOKEN });
  let service: Server;
  let url: string;
  const metrics = createAppMetrics({ doraResults: () => engine.store.devops.latestDoraResults() });
  const repo = `engine-${Date.now()}`;
  const env = () => ({ API_DEVOPS_EVENT_CATCHER: url, DEVOPS_EVENTS_SECRET_TOKEN: TOKEN });

  beforeAll(async () => {
    const port = await freePort();
    service = await serveDevops(
      { ...engine.config.devops, port },
      engine.store.devops,
      testLogger(),
      metrics.devopsEvents,
    );
    url = `http://127.0.0.1:${port}/process-event`;
  });
  afterAll(async () => {
    await new Promise((r) => service?.close(r));
  });

  it("the three scripts post the seed's arguments; bad names and tokens fail clearly, and the token is never printed", async () => {
    // One instant for every event: intervals between them are exact (two clock reads a millisecond apart are not).
    const now = Date.now();
    const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR).toISOString();
    const posts: Array<[string, string[]]> = [
      [SH, [repo, 'push', '--metadata', '{"commit": "c0ffee1"}', '--time', at(50)]],
      [JS, [repo, 'deploy', '--metadata', '{"commit": "c0ffee1", "deployId": "d-1"}', '--time', at(48)]],
      [SH, [repo, 'push', '--metadata', '{"commit": "c0ffee2"}', '--time', at(30)]],
      [SH, [repo, 'deploy', '--metadata', '{"commit": "c0ffee2", "deployId": "d-2"}', '--time', at(26)]],
      [JS, [repo, 'deploy_failed', '--metadata', '{"deployId": "d-2"}', '--time', at(25)]],
      [JS, ['ALL', 'incident_opened', '--metadata', '{"incidentId": "INC-7"}', '--time', at(24)]],
      [SH, ['ALL', 'incident_resolved', '--metadata', '{"incidentId": "INC-7"}', '--time', at(21)]],
      [SH, [repo, 'test_pass', '--metadata', 'free text with "quotes" and a \\ backslash']],
      // The Python client (standard library only) in a repo of its own, so the keys below stay the two scripts'.
      [PY, [`${repo}-py`, 'push', '--metadata', '{"commit": "c0ffee3"}', '--time', at(20)]],
      [PY, [`${repo}-py`, 'test_pass', '--metadata', '{test_metadata: value}']],
    ];
    for (const [script, args] of posts) {
      const run = await runScript(script, args, env());
      expect({ args, code: run.code, out: run.out }).toEqual({
        args,
        code: 0,
        out: expect.stringMatching(/"status":"stored"/),
      });
      expect(run.out).not.toContain(TOKEN);
    }
    for (const script of SCRIPTS) {
      const unknown = await runScript(script, [repo, 'merge'], env());
      expect([unknown.code, unknown.out]).toEqual([
        2,
        expect.stringMatching(/unknown event "merge"; expected one of: push, deploy/),
      ]);
      const noEnv = await runScript(script, [repo, 'push'], { API_DEVOPS_EVENT_CATCHER: url });
      expect([noEnv.code, noEnv.out]).toEqual([2, expect.stringMatching(/DEVOPS_EVENTS_SECRET_TOKEN is not set/)]);
      const wrong = await runScript(script, [repo, 'push'], {
        ...env(),
        DEVOPS_EVENTS_SECRET_TOKEN: 'wrong-token-of-length-xx',
      });
      expect([wrong.code, wrong.out]).toEqual([1, expect.stringMatching(/refused the event \(401\): .*wrong token/)]);
      expect(wrong.out).not.toContain('wrong-token-of-length-xx');
    }
    const stored = await engine.store.devops.devopsEvents(repo, at(100), new Date(Date.now() + HOUR).toISOString());
    expect(stored.map((e) => e.event)).toEqual([
      'push',
      'deploy',
      'push',
      'deploy',
      'deploy_failed',
      'incident_opened',
      'incident_resolved',
      'test_pass',
    ]);
    const fromPython = await engine.store.devops.devopsEvents(
      `${repo}-py`,
      at(100),
      new Date(Date.now() + HOUR).toISOString(),
    );
    // (The store answers a repo's events with the ALL ones; the Python client's are its own repo's.)
    const own = fromPython.filter((e) => e.repo === `${repo}-py`);
    expect(own.map((e) => [e.event, e.metadata?.commit])).toEqual([
      ['push', 'c0ffee3'],
      ['test_pass', undefined],
    ]);
  });

  it('the three scripts retry a 503 and a dead connection under one Event-Id, and give up with the reason', async () => {
    const seen: string[] = [];
    let calls = 0;
    const flaky = createServer((req, res) => {
      seen.push(String(req.headers['event-id']));
      calls++;
      if (calls % 2 === 1) res.writeHead(503).end('busy');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"stored"}');
    });
    await new Promise<void>((r) => flaky.listen(0, '127.0.0.1', r));
    const flakyUrl = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}/process-event`;
    try {
      for (const script of SCRIPTS) {
        seen.length = 0;
        const run = await runScript(script, [repo, 'push'], { ...env(), API_DEVOPS_EVENT_CATCHER: flakyUrl });
        expect([run.code, run.out]).toEqual([0, expect.stringMatching(/attempt 1 failed \(503/)]);
        expect(seen).toHaveLength(2);
        expect(seen[0]).toMatch(/^report-/);
        expect(seen[1]).toBe(seen[0]);
      }
    } finally {
      await new Promise((r) => flaky.close(r));
    }
    const dead = `http://127.0.0.1:${await freePort()}/process-event`;
    for (const script of SCRIPTS) {
      const run = await runScript(script, [repo, 'push'], {
        ...env(),
        API_DEVOPS_EVENT_CATCHER: dead,
        REPORT_DEVOPS_EVENT_ATTEMPTS: '2',
      });
      expect([run.code, run.out]).toEqual([1, expect.stringMatching(/gave up after 2 attempts/)]);
    }
  });

  it('the daily schedule computes calc_deployment_freq and the four keys; GET /dora and the gauges show them', async () => {
    const { result } = await engine.triggerSchedule<DoraMetricsResult>('devops-metrics');
    const mine = result.repos.find((r) => r.repo === repo);
    expect(mine).toEqual({
      repo,
      eventsRead: 8,
      deploysPerDay: 2 / 30,
      leadTimeHours: 3, // pushes 2 h and 4 h before their deploys
      changeFailureRate: 0.5, // d-2 failed (by ID, and the ALL incident after it); d-1 did not
      timeToRestoreHours: 3,
      levels: { deploymentFrequency: 'medium', leadTime: 'elite', changeFailureRate: 'low', timeToRestore: 'high' },
    });
    const res = await fetch(`${url.replace('/process-event', '')}/dora/${repo}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const body = (await res.json()) as DoraAnswer;
    expect(body.lastScheduledComputation).toBe(result.asOf);
    expect(body.deploymentFrequency.deploys).toBe(2);
    const text = await metrics.registry.metrics();
    const labels = `repo="${repo}",window_days="30"`;
    expect(text).toContain(`automation_engine_dora_deployments{${labels}} 2`);
    expect(text).toContain(`automation_engine_dora_lead_time_hours{${labels}} 3`);
    expect(text).toContain(`automation_engine_dora_change_failure_rate{${labels}} 0.5`);
    expect(text).toContain(`automation_engine_dora_level{${labels},key="deployment_frequency"} 2`);
    expect(text).toMatch(new RegExp(`automation_engine_devops_events_total\\{event="push",outcome="stored"\\} [1-9]`));
  });

  it('on demand (npm run dora -- compute): the same computation for the repos asked, printed as a table', async () => {
    const result = await computeDoraNow(engine.client, { repos: [repo], days: 7 }, 30);
    expect(result.windowDays).toBe(7);
    expect(result.repos.map((r) => [r.repo, r.deploysPerDay])).toEqual([[repo, 2 / 7]]);
    const table = formatDoraResult(result);
    expect(table).toContain('DORA keys over 7 days');
    expect(table).toMatch(
      new RegExp(`${repo}\\s+0\\.29/day \\(high\\)\\s+3\\.0 h \\(elite\\)\\s+50% \\(low\\)\\s+3\\.0 h \\(high\\)`),
    );
    const stored = (await engine.store.devops.latestDoraResults()).filter((r) => r.keys.repo === repo);
    expect(stored.map((r) => r.keys.windowDays).sort()).toEqual([30, 7]);
  });
});
