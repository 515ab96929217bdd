import { join } from 'node:path';
import { doraKeys } from '../../../domain/dora';
import { PostgresAppStore } from '../../../store/postgres-app-store';
import { SqliteAppStore } from '../../../store/sqlite-app-store';
import type { AppStore } from '../../../store';
import { tempDir } from '../../helpers/env';

/** The same contract on each backend; repo names are unique per run (a PostgreSQL test database persists). */
function devopsContract(name: string, open: () => AppStore) {
  describe(`${name} DevOps events`, () => {
    let store: AppStore;
    const run = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
    const repo = (r: string) => `${r}-${run}`;
    beforeAll(() => {
      store = open();
    });
    afterAll(async () => {
      await store.close();
    });

    it('stores events durably with their metadata; an Event-Id is stored once', async () => {
      const api = repo('api');
      const e = { time: '2026-11-01T10:00:00.000Z', repo: api, event: 'deploy', eventId: `id-${run}` };
      expect(await store.devops.recordDevopsEvent({ ...e, metadata: { commit: 'abc1234', note: 'x' } })).toBe('stored');
      expect(await store.devops.recordDevopsEvent({ ...e, time: '2026-11-01T11:00:00.000Z' })).toBe('duplicate');
      // No Event-Id: every post is its own event.
      const free = { time: '2026-11-01T12:00:00+02:00', repo: api, event: 'push', metadata: 'free text' };
      expect(await store.devops.recordDevopsEvent(free)).toBe('stored');
      expect(await store.devops.recordDevopsEvent(free)).toBe('stored');
      expect(await store.devops.devopsEvents(api, '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z')).toEqual(
        [
          { time: '2026-11-01T10:00:00.000Z', repo: api, event: 'push', metadata: undefined },
          { time: '2026-11-01T10:00:00.000Z', repo: api, event: 'push', metadata: undefined },
          { time: '2026-11-01T10:00:00.000Z', repo: api, event: 'deploy', metadata: { commit: 'abc1234' } },
        ].sort((a, b) => (a.event === 'deploy' ? -1 : b.event === 'deploy' ? 1 : 0)),
      );
    });

    it('reads a repo with the ALL events, within [from, to); lists repos with events since a time', async () => {
      const web = repo('web');
      const t = (day: number) => `2026-10-${String(day).padStart(2, '0')}T00:00:00.000Z`;
      for (const [day, r, event] of [
        [1, web, 'push'],
        [2, web, 'deploy'],
        [3, 'ALL', 'incident_opened'],
        [4, repo('other'), 'deploy'],
        [5, web, 'test_pass'],
      ] as const)
        // ALL events reach every repo, also other runs' in a persistent PostgreSQL: one ID stores it once ever.
        await store.devops.recordDevopsEvent({
          time: t(day),
          repo: r,
          event,
          eventId: r === 'ALL' ? 'fixture-all' : undefined,
        });
      const got = await store.devops.devopsEvents(web, t(2), t(5));
      expect(got.map((e) => [e.time, e.repo, e.event])).toEqual([
        [t(2), web, 'deploy'],
        [t(3), 'ALL', 'incident_opened'],
      ]);
      const repos = await store.devops.devopsRepos(t(4));
      expect(repos).toEqual(expect.arrayContaining([repo('other'), web]));
      expect(repos).not.toContain('ALL');
      expect(await store.devops.devopsRepos('2099-01-01T00:00:00Z')).toEqual([]);
    });

    it('keeps the latest result per repo and window, with one calc_deployment_freq event per computation', async () => {
      const svc = repo('svc');
      const now = Date.parse('2026-11-20T00:00:00Z');
      await store.devops.recordDevopsEvent({ time: '2026-11-19T00:00:00.000Z', repo: svc, event: 'deploy' });
      const keys = doraKeys(
        await store.devops.devopsEvents(svc, '2026-01-01T00:00:00Z', '2026-11-20T00:00:00Z'),
        svc,
        30,
        now,
      );
      const result = { computedAt: '2026-11-20T00:00:00.000Z', keys };
      await store.devops.saveDoraResult(result);
      await store.devops.saveDoraResult(result); // an activity retried after it saved
      const older = {
        computedAt: '2026-11-19T00:00:00.000Z',
        keys: { ...keys, deploymentFrequency: { ...keys.deploymentFrequency, deploys: 99 } },
      };
      await store.devops.saveDoraResult(older); // a late, older run does not overwrite the newer result
      const mine = (await store.devops.latestDoraResults()).filter((r) => r.keys.repo === svc);
      expect(mine).toEqual([result]);
      // The seed's internal event is stored beside the raw ones, once per computation, and is not read as one.
      expect(await store.devops.devopsEvents(svc, '2026-11-01T00:00:00Z', '2027-01-01T00:00:00Z')).toHaveLength(1);
      expect(await countCalcEvents(store, svc)).toBe(2);
    });
  });
}

/** calc_deployment_freq rows for a repo, read around the store's API (it never returns them as events). */
async function countCalcEvents(store: AppStore, repo: string): Promise<number> {
  const db = (store as unknown as { db?: { prepare(sql: string): { get(...a: unknown[]): { n: number } } } }).db;
  if (db)
    return db
      .prepare("SELECT count(*) AS n FROM devops_events WHERE repo = ? AND event = 'calc_deployment_freq'")
      .get(repo).n;
  const pool = (
    store as unknown as { pool: { query(sql: string, p: unknown[]): Promise<{ rows: Array<{ n: string }> }> } }
  ).pool;
  const { rows } = await pool.query(
    "SELECT count(*) AS n FROM devops_events WHERE repo = $1 AND event = 'calc_deployment_freq'",
    [repo],
  );
  return Number(rows[0].n);
}

devopsContract('sqlite', () => new SqliteAppStore(join(tempDir('devops'), 'app.sqlite')));

describe('sqlite DevOps events across a restart', () => {
  it('keeps every accepted event when the process closes and reopens the store before any computation', async () => {
    const file = join(tempDir('devops-restart'), 'app.sqlite');
    const before = new SqliteAppStore(file);
    await before.devops.recordDevopsEvent({ time: '2026-11-01T00:00:00Z', repo: 'r', event: 'deploy', eventId: 'e1' });
    await before.close();
    const after = new SqliteAppStore(file);
    expect(await after.devops.devopsRepos('2026-01-01T00:00:00Z')).toEqual(['r']);
    expect(
      await after.devops.recordDevopsEvent({ time: '2026-11-01T00:00:00Z', repo: 'r', event: 'deploy', eventId: 'e1' }),
    ).toBe('duplicate');
    await after.close();
  });
});

const pgUrl = process.env.TEST_DATABASE_URL;
if (pgUrl) devopsContract('postgres', () => PostgresAppStore.connect(pgUrl));
else
  describe('postgres DevOps events', () => {
    it.skip('needs TEST_DATABASE_URL (.ci/run starts PostgreSQL and sets it)', () => undefined);
  });
