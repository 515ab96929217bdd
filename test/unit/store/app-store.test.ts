import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PostgresAppStore } from '../../../store/postgres-app-store';
import { SqliteAppStore } from '../../../store/sqlite-app-store';
import { openAppStore, type AppStore } from '../../../store';
import { tempDir } from '../../helpers/env';

/** The same contract, run against each backend. */
function ledgerContract(name: string, open: () => AppStore) {
  describe(`${name} notification ledger`, () => {
    let ledger: AppStore;
    const key = (s: string) => `${name}-${Date.now()}-${Math.random()}|${s}`;
    beforeAll(() => {
      ledger = open();
    });
    afterAll(async () => {
      await ledger.close();
    });

    it('records intent, then outcome; a later attempt sees it was sent', async () => {
      const k = key('confirmed-sms');
      expect(await ledger.begin(k, 'sms')).toEqual({ state: 'new' });
      expect(await ledger.get(k)).toMatchObject({ status: 'pending', attempts: 1, channel: 'sms' });
      await ledger.markSent(k, 'SM123');
      expect(await ledger.begin(k, 'sms')).toEqual({ state: 'sent', providerId: 'SM123' });
      expect(await ledger.get(k)).toMatchObject({ status: 'sent', providerId: 'SM123', attempts: 1 });
    });

    it('reports an attempt that died before recording its outcome, counting attempts', async () => {
      const k = key('reminder-2h');
      const before = Date.now();
      await ledger.begin(k, 'email');
      const since = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      expect(await ledger.begin(k, 'email')).toEqual({ state: 'pending', attempts: 1, since });
      const again = await ledger.begin(k, 'email');
      expect(again).toEqual({ state: 'pending', attempts: 2, since });
      // When the intent was first recorded: what the notifier asks the channel about.
      if (again.state === 'pending') expect(Math.abs(Date.parse(again.since) - before)).toBeLessThan(5_000);
    });

    it('keeps a digest of the content an attempt was about to send, for the next attempt to ask the channel about', async () => {
      const k = key('sms:reminder-2h');
      expect(await ledger.begin(k, 'sms', 'digest-1')).toEqual({ state: 'new' });
      expect(await ledger.begin(k, 'sms', 'digest-2')).toMatchObject({ state: 'pending', contentDigest: 'digest-1' });
      await ledger.intend(k, 'digest-2');
      expect(await ledger.begin(k, 'sms', 'digest-2')).toMatchObject({ state: 'pending', contentDigest: 'digest-2' });
      await ledger.markSent(k, 'SM9');
      // A sent message keeps what it was sent as.
      await ledger.intend(k, 'digest-3');
      expect(await ledger.begin(k, 'sms', 'digest-3')).toEqual({ state: 'sent', providerId: 'SM9' });
      const without = key('email');
      await ledger.begin(without, 'email');
      expect(await ledger.begin(without, 'email')).not.toHaveProperty('contentDigest');
    });

    it('lets exactly one of many concurrent first attempts see "new"', async () => {
      const k = key('race');
      const results = await Promise.all(Array.from({ length: 8 }, () => ledger.begin(k, 'slack')));
      expect(results.filter((r) => r.state === 'new')).toHaveLength(1);
    });

    it('commits a customer cache atomically per generation; concurrent refreshes do not mix', async () => {
      const source = `velocloud-${Date.now()}-${Math.random()}`;
      const entry = (edgeId: number) => ({
        host: 'h',
        enterpriseId: 1,
        edgeId,
        serialNumber: `VC${edgeId}`,
        clientId: '9',
      });
      expect(await ledger.customerCache(source)).toBeUndefined();
      await ledger.stageCustomerCache(source, 'gen-a', [entry(1), entry(2)]);
      await ledger.stageCustomerCache(source, 'gen-b', [entry(7)]);
      await ledger.stageCustomerCache(source, 'gen-a', [entry(3)]);
      expect(await ledger.customerCache(source)).toBeUndefined(); // staged is not visible
      expect(await ledger.commitCustomerCache(source, 'gen-a', '2026-11-23T10:00:00Z')).toBe(3);
      expect(await ledger.customerCache(source)).toEqual({
        refreshedAt: '2026-11-23T10:00:00Z',
        entries: [entry(1), entry(2), entry(3)],
      });
      expect(await ledger.commitCustomerCache(source, 'gen-b', '2026-11-23T10:05:00Z')).toBe(1); // gen-b's chunk survived gen-a's commit
      expect((await ledger.customerCache(source))!.entries).toEqual([entry(7)]);
    });

    it('refuses to replace a cache with an empty refresh, keeping the last good one', async () => {
      const source = `velocloud-${Date.now()}-${Math.random()}`;
      await ledger.stageCustomerCache(source, 'good', [
        { host: 'h', enterpriseId: 1, edgeId: 1, serialNumber: 'VC1', clientId: '9' },
      ]);
      await ledger.commitCustomerCache(source, 'good', '2026-11-23T10:00:00Z');
      await expect(ledger.commitCustomerCache(source, 'empty', '2026-11-23T14:00:00Z')).rejects.toThrow(
        /refusing to replace the .* customer cache of 1 edges with an empty one/,
      );
      expect((await ledger.customerCache(source))!.refreshedAt).toBe('2026-11-23T10:00:00Z');
    });

    it('has no entry for an unknown key', async () => {
      expect(await ledger.get(key('never'))).toBeUndefined();
    });

    it('remembers processed keys per scope, once, across calls', async () => {
      const scope = key('tnba-feedback');
      expect(await ledger.processedAmong(scope, ['1', '2'])).toEqual([]);
      await ledger.markProcessed(scope, ['1', '2']);
      await ledger.markProcessed(scope, ['2', '3']); // 2 again: harmless
      expect(await ledger.processedAmong(scope, ['3', '4', '1', '2'])).toEqual(['3', '1', '2']);
      expect(await ledger.processedAmong(`${scope}-other`, ['1'])).toEqual([]);
      expect(await ledger.processedAmong(scope, [])).toEqual([]);
    });

    it('forgets ledger entries and processed keys last written before a cutoff, at most a chunk per call', async () => {
      const scope = `retention-${Date.now()}-${Math.random()}`;
      const [old, oldSent, fresh] = [key('old'), key('old-sent'), key('fresh')];
      await ledger.begin(old, 'sms');
      await ledger.begin(oldSent, 'email');
      await ledger.markSent(oldSent, 'M-1');
      await ledger.markProcessed(scope, ['t1', 't2']);
      await new Promise((r) => setTimeout(r, 30));
      const cutoff = new Date();
      await new Promise((r) => setTimeout(r, 30));
      await ledger.begin(fresh, 'sms');
      await ledger.markProcessed(scope, ['t3']);
      // Older rows of earlier runs (a shared database) go too: count calls, never more than the chunk per call.
      let calls = 0;
      for (let done = false; !done; calls++) {
        const forgotten = await ledger.forgetBefore(cutoff, 1);
        expect(forgotten.notifications).toBeLessThanOrEqual(1);
        expect(forgotten.processedKeys).toBeLessThanOrEqual(1);
        done = forgotten.notifications === 0 && forgotten.processedKeys === 0;
      }
      expect(calls).toBeGreaterThanOrEqual(3); // two ledger entries, a chunk of one each, then nothing left
      expect(await ledger.get(old)).toBeUndefined();
      expect(await ledger.get(oldSent)).toBeUndefined();
      expect(await ledger.get(fresh)).toMatchObject({ status: 'pending' });
      expect(await ledger.processedAmong(scope, ['t1', 't2', 't3'])).toEqual(['t3']);
      expect(await ledger.forgetBefore(cutoff, 100)).toEqual({ notifications: 0, processedKeys: 0 });
    });

    it('lets one holder at a time claim a device for a recheck, until released or lapsed', async () => {
      const [a, b, c] = ['a', 'b', 'c'].map((d) => key(`edge-${d}`));
      const soon = new Date(Date.now() + 60_000);
      expect(await ledger.claimRechecks([a, b], 'batch-1', soon)).toEqual([a, b]);
      // Another cycle's batch gets only what nobody holds; the holder's own retry keeps its claims.
      expect(await ledger.claimRechecks([a, b, c], 'batch-2', soon)).toEqual([c]);
      expect(await ledger.claimRechecks([b, a], 'batch-1', soon)).toEqual([b, a]);
      // Releasing someone else's claim does nothing; the holder's release frees the device.
      await ledger.releaseRechecks([a], 'batch-2');
      expect(await ledger.claimRechecks([a], 'batch-3', soon)).toEqual([]);
      await ledger.releaseRechecks([a], 'batch-1');
      expect(await ledger.claimRechecks([a], 'batch-3', soon)).toEqual([a]);
      // A claim whose holder never finished lapses.
      expect(await ledger.claimRechecks([c], 'batch-4', new Date(Date.now() - 1))).toEqual([]);
      await ledger.claimRechecks([c], 'batch-2', new Date(Date.now() - 1));
      expect(await ledger.claimRechecks([c], 'batch-4', soon)).toEqual([c]);
      expect(await ledger.claimRechecks([], 'batch-4', soon)).toEqual([]);
    });

    it('marks subjects owing side effects: found by batch and by kind, the earliest since kept, cleared by its holder only', async () => {
      const tag = key('owed').replace(/[^A-Za-z0-9]/g, '');
      const [a, b, t] = [`outage-ticket/${tag}a`, `outage-ticket/${tag}b`, `ticket/${tag}`];
      const early = new Date(Date.now() - 45 * 60_000);
      await ledger.markOwed(a, `owed/${a}`, new Date());
      await ledger.markOwed(a, `owed/${a}`, early); // a later hand-over owed since earlier keeps the earlier
      await ledger.markOwed(a, `owed/${a}`, new Date());
      await ledger.markOwed(t, `owed/${t}`, new Date());
      expect(await ledger.owedAmong([b, a])).toEqual([a]);
      expect(await ledger.owedAmong([])).toEqual([]);
      expect(await ledger.listOwed(`outage-ticket/${tag}`)).toEqual([a]);
      const summary = (await ledger.owedSummary()).find((k) => k.kind === 'outage-ticket');
      expect(summary?.subjects).toBeGreaterThanOrEqual(1);
      expect(summary!.oldestSince.getTime()).toBeLessThanOrEqual(early.getTime());
      // Every mark with its holder, the oldest first, for the check that clears marks no running workflow holds.
      const held = (await ledger.owedMarksHeld(10_000)).filter((m) => m.subject.includes(tag));
      expect(held.map((m) => [m.subject, m.holder])).toEqual([
        [a, `owed/${a}`],
        [t, `owed/${t}`],
      ]);
      expect(held[0].since.getTime()).toBe(early.getTime());
      expect(await ledger.owedMarksHeld(0)).toEqual([]);
      await ledger.clearOwed(a, 'owed/someone-else');
      expect(await ledger.owedAmong([a])).toEqual([a]);
      await ledger.clearOwed(a, `owed/${a}`);
      await ledger.clearOwed(t, `owed/${t}`);
      expect(await ledger.owedAmong([a, t])).toEqual([]);
      expect(await ledger.listOwed(`outage-ticket/${tag}`)).toEqual([]);
    });
  });
}

ledgerContract('sqlite', () => new SqliteAppStore(join(tempDir('ledger'), 'app.sqlite')));

describe('sqlite notification ledger from before content digests', () => {
  it('gains the column when opened; its pending rows have no digest, new ones do', async () => {
    const file = join(tempDir('ledger-old'), 'app.sqlite');
    const old = new Database(file);
    old.exec(`CREATE TABLE notification_ledger (
      idempotency_key TEXT PRIMARY KEY, channel TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'sent')), attempts INTEGER NOT NULL, provider_id TEXT,
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))`);
    old.exec(
      "INSERT INTO notification_ledger (idempotency_key, channel, status, attempts) VALUES ('k1', 'sms', 'pending', 1)",
    );
    old.close();
    const store = new SqliteAppStore(file);
    try {
      const pending = await store.begin('k1', 'sms', 'd');
      expect(pending).toMatchObject({ state: 'pending', attempts: 1 });
      expect(pending).not.toHaveProperty('contentDigest');
      await store.begin('k2', 'sms', 'd2');
      expect(await store.begin('k2', 'sms', 'd2')).toMatchObject({ state: 'pending', contentDigest: 'd2' });
    } finally {
      await store.close();
    }
  });
});

const pgUrl = process.env.TEST_DATABASE_URL;
if (pgUrl) {
  ledgerContract('postgres', () => PostgresAppStore.connect(pgUrl));
} else {
  describe('postgres notification ledger', () => {
    it.skip('needs TEST_DATABASE_URL (.ci/run starts PostgreSQL and sets it)', () => undefined);
  });
}

describe('openAppStore', () => {
  it('opens SQLite by default and PostgreSQL for a DATABASE_URL', async () => {
    const sqlite = openAppStore({ kind: 'sqlite', file: join(tempDir('open'), 'a.sqlite') });
    expect(sqlite).toBeInstanceOf(SqliteAppStore);
    await sqlite.close();
    const pg = openAppStore({ kind: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none' });
    expect(pg).toBeInstanceOf(PostgresAppStore);
    await expect(pg.get('x')).rejects.toThrow();
    await pg.close();
  });
});
