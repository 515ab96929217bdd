import type { DoraKeys } from '../../../domain/dora';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { createDevopsServer } from '../../../devops/server';
import { createLogger } from '../../../observability/logger';
import { SqliteAppStore } from '../../../store/sqlite-app-store';

/** What GET /dora/<repo> answers. */
type DoraAnswer = DoraKeys & { eventsRead: number; lastScheduledComputation: string | null };

const TOKEN = 'devops-test-token-0123456789';
const NOW = Date.parse('2026-11-20T12:00:00Z');
const HOUR = 3_600_000;

describe('DevOps metrics service API (issue 15)', () => {
  let store: SqliteAppStore;
  let server: Server;
  let base: string;
  const logged: string[] = [];
  const observed: string[] = [];

  beforeAll(async () => {
    store = new SqliteAppStore(':memory:');
    const sink = new Writable({
      write(chunk, _enc, done) {
        logged.push(String(chunk));
        done();
      },
    });
    server = createDevopsServer({
      store: store.devops,
      token: TOKEN,
      windowDays: 30,
      logger: createLogger('debug', 'devops-test', 'json', sink),
      observe: (event, outcome) => observed.push(`${event}:${outcome}`),
      maxBodyBytes: 4096,
      now: () => NOW,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await store.close();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/process-event`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const answer = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> });

  it("answers /health without a token, 401 without, with a wrong or a shorter token, and takes the seed client's X-Secret-Token", async () => {
    expect(await answer(await fetch(`${base}/health`))).toEqual({ status: 200, body: { ok: true } });
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, 'Bearer short', TOKEN, `Basic ${TOKEN}`]) {
      const res = await fetch(`${base}/process-event`, {
        method: 'POST',
        headers: authorization ? { authorization } : {},
        body: JSON.stringify({ Repo: 'r', Event: 'push' }),
      });
      expect({ authorization, status: res.status }).toEqual({ authorization, status: 401 });
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(((await res.json()) as { error: string }).error).toMatch(/missing or wrong token \(X-Secret-Token: /);
    }
    // The seed's header, wrong: refused even beside a right Bearer (the header the client chose decides).
    const wrongSecret = await fetch(`${base}/process-event`, {
      method: 'POST',
      headers: { 'x-secret-token': `${TOKEN}x`, authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ Repo: 'r', Event: 'push' }),
    });
    expect(wrongSecret.status).toBe(401);
    const seedClient = await fetch(`${base}/process-event`, {
      method: 'POST',
      headers: { 'x-secret-token': TOKEN, 'content-type': 'application/json' },
      body: JSON.stringify({ Repo: 'seed-client', Event: 'test_pass' }),
    });
    expect(await answer(seedClient)).toEqual({ status: 200, body: { status: 'stored' } });
    const dora = await fetch(`${base}/dora/r`, { headers: { authorization: 'Bearer nope' } });
    expect(dora.status).toBe(401);
    expect(await store.devops.devopsRepos('2000-01-01T00:00:00Z')).toEqual(['seed-client']);
  });

  it('stores a valid event (200, what the seed client counts as success) with the time defaulting to now; the token is never logged', async () => {
    const res = await answer(await post({ Repo: 'engine', Event: 'push', Metadata: { commit: 'abc1234' } }));
    expect(res).toEqual({ status: 200, body: { status: 'stored' } });
    const events = await store.devops.devopsEvents('engine', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
    expect(events).toEqual([
      { time: new Date(NOW).toISOString(), repo: 'engine', event: 'push', metadata: { commit: 'abc1234' } },
    ]);
    expect(logged.join('')).toContain('"service":"devops-metrics"');
    expect(logged.join('')).not.toContain(TOKEN);
  });

  it("reads the seed's time format and its free-text metadata; a JSON-object string is read as fields", async () => {
    const seedStyle = await answer(
      await post({ Time: '2026-11-19 08:30:00', Repo: 'seed', Event: 'test_pass', Metadata: '{test_metadata: value}' }),
    );
    expect(seedStyle.status).toBe(200);
    const jsonString = await answer(
      await post({ Repo: 'seed', Event: 'deploy', Metadata: '{"commit": "abcdef1", "deployId": "d-1"}' }),
    );
    expect(jsonString).toEqual({ status: 200, body: { status: 'stored' } });
    const events = await store.devops.devopsEvents('seed', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
    expect(events.map((e) => [e.time, e.event, e.metadata])).toEqual([
      ['2026-11-19T08:30:00.000Z', 'test_pass', undefined],
      [new Date(NOW).toISOString(), 'deploy', { commit: 'abcdef1', deployId: 'd-1' }],
    ]);
  });

  it('answers every bad body with a 400 naming the field (422 for a time too far ahead), and stores none of them', async () => {
    const cases: Array<[unknown, RegExp, number?]> = [
      ['{nope', /body is not JSON/],
      [[], /\(body\): /],
      [{ Event: 'push' }, /^Repo: required$/],
      [{ Repo: 'r', Event: 'merge' }, /^Event: must be one of: push, deploy, test_pass, deploy_failed/],
      [{ Repo: 'r r', Event: 'push' }, /^Repo: expected a repository name/],
      [{ Repo: 'r', Event: 'push', Time: 'yesterday' }, /^Time: expected ISO 8601/],
      [{ Repo: 'r', Event: 'push', Time: '2026-02-30T00:00:00Z' }, /^Time: /],
      [{ Repo: 'r', Event: 'push', Time: '2026-11-25T12:00:00Z' }, /^Time: more than a day in the future/, 422],
      [{ Repo: 'r', Event: 'push', Time: '2026-11-19T24:00:00Z' }, /^Time: expected ISO 8601/],
      [{ Repo: 'r', Event: 'push', Time: '2026-11-19T08:30:00+99:00' }, /^Time: expected ISO 8601/],
      [{ Repo: 'r', Event: 'push', Metadata: { commit: 'not-a-sha' } }, /^Metadata.commit: expected a commit SHA/],
      [
        { Repo: 'r', Event: 'deploy', Metadata: '{"deployId": "bad id"}' },
        /^Metadata.deployId: expected 1-128 characters/,
      ],
      [{ Repo: 'r', Event: 'push', Metadata: 42 }, /^Metadata: /],
      [{ repo: 'r', Event: 'push' }, /^Repo: required; \(body\): Unrecognized key: "repo"$/],
    ];
    for (const [body, reason, status = 400] of cases) {
      const res = await answer(await post(body));
      expect({ body, status: res.status }).toEqual({ body, status });
      expect({ body, error: res.body.error }).toEqual({ body, error: expect.stringMatching(reason) });
    }
    expect(await store.devops.devopsRepos('2000-01-01T00:00:00Z')).not.toContain('r');
    expect(observed.filter((o) => o.endsWith(':rejected'))).toHaveLength(cases.length);
  });

  it('refuses a huge body with 413 and closes that connection; the next request is served', async () => {
    const res = await post({ Repo: 'r', Event: 'push', Metadata: 'x'.repeat(10_000) });
    expect(await answer(res)).toEqual({ status: 413, body: { error: 'body larger than 4096 bytes' } });
    expect(res.headers.get('connection')).toBe('close');
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });

  it('stores a retried post with the same Event-Id once; a bad Event-Id is a 400', async () => {
    const body = { Repo: 'retry', Event: 'deploy', Metadata: { deployId: 'd-9' } };
    const first = await answer(await post(body, { 'event-id': 'ci-run-77/deploy' }));
    const again = await answer(await post(body, { 'event-id': 'ci-run-77/deploy' }));
    expect([first.body.status, again.body.status]).toEqual(['stored', 'duplicate']);
    expect(first.body.warnings).toEqual([
      'Metadata.commit missing: this deploy is stored but not counted in lead time',
    ]);
    const stored = await store.devops.devopsEvents('retry', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
    expect(stored).toHaveLength(1);
    expect((await post(body, { 'event-id': 'has spaces' })).status).toBe(400);
    expect(observed).toEqual(expect.arrayContaining(['deploy:stored', 'deploy:duplicate']));
  });

  it('GET /dora/<repo> computes the four keys over ?days= (default the configured window)', async () => {
    const at = (hoursBefore: number) => new Date(NOW - hoursBefore * HOUR).toISOString();
    await post({ Time: at(30), Repo: 'api', Event: 'push', Metadata: { commit: 'aaaaaaa' } });
    await post({ Time: at(20), Repo: 'api', Event: 'deploy', Metadata: { commit: 'aaaaaaa', deployId: 'x1' } });
    await post({ Time: at(19), Repo: 'api', Event: 'incident_opened', Metadata: { incidentId: 'INC-1' } });
    await post({ Time: at(17), Repo: 'api', Event: 'incident_resolved', Metadata: { incidentId: 'INC-1' } });
    await post({ Time: at(24 * 40), Repo: 'api', Event: 'deploy' });
    const res = await fetch(`${base}/dora/api?days=7`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const body = (await res.json()) as DoraAnswer;
    expect(res.status).toBe(200);
    expect(body).toMatchObject({
      repo: 'api',
      windowDays: 7,
      deploymentFrequency: { deploys: 1, level: 'high' },
      leadTimeHours: { median: 10, level: 'elite' },
      changeFailureRate: { failed: 1, deploys: 1, rate: 1, level: 'low' },
      timeToRestoreHours: { median: 2, restored: 1, open: 0, level: 'high' },
      eventsRead: 5,
      lastScheduledComputation: null,
    });
    const month = (await (
      await fetch(`${base}/dora/api`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).json()) as DoraAnswer;
    expect([month.windowDays, month.deploymentFrequency.deploys]).toEqual([30, 1]);
    for (const days of ['0', '366', '1.5', 'week', '1e2', '07']) {
      const bad = await fetch(`${base}/dora/api?days=${days}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect({ days, status: bad.status }).toEqual({ days, status: 400 });
    }
  });

  it('answers unknown paths 404 and wrong methods 405 with the route', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect(await answer(await fetch(`${base}/events`, { headers: auth }))).toEqual({
      status: 404,
      body: { error: 'expected POST /process-event or GET /dora/<repo>?days=<n>' },
    });
    const wrong = await fetch(`${base}/process-event`, { headers: auth });
    expect([wrong.status, wrong.headers.get('allow')]).toEqual([405, 'POST']);
    const health = await fetch(`${base}/health`, { method: 'POST' });
    expect([health.status, health.headers.get('allow')]).toEqual([405, 'GET']);
    expect((await fetch(`${base}/dora/%E0%A4%A`, { headers: auth })).status).toBe(400);
  });

  it('serves its OpenAPI document without a token, with the patterns the server checks', async () => {
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>;
    };
    expect(Object.keys(doc.paths).sort()).toEqual(['/dora/{repo}', '/health', '/process-event']);
    const body = doc.paths['/process-event'].post.requestBody!.content['application/json'].schema as {
      properties: { Time: { anyOf: Array<{ pattern: string }> }; Event: { enum: string[] } };
      required: string[];
    };
    expect(body.required).toEqual(['Repo', 'Event']);
    expect(body.properties.Event.enum).toContain('incident_resolved');
    // The document's own pattern takes a real day and refuses February 30, as the server does.
    const iso = new RegExp(body.properties.Time.anyOf[0].pattern);
    expect(['2028-02-29T10:00Z', '2026-02-29T10:00Z', '2026-02-30T10:00Z'].map((t) => iso.test(t))).toEqual([
      true,
      false,
      false,
    ]);
  });
});
