import { Pool } from 'pg';
import { serviceHost } from '../../temporal-config/replicas';
import { shardOf, shardOwners } from '../../temporal-config/shard-owners';
import { useTestEngine } from '../helpers/engine';
import { DOWN_EDGE, sleepingRecheck, ticketsOf } from '../helpers/sleeping-recheck';
import { until } from '../helpers/worker-process';

// The whole engine on a replicated cluster: two of each Temporal service, each on a loopback address of its own, and
// HAProxy in front of the two frontends on the address every client and worker dials.
process.env.TEST_ENGINE = 'cluster';
process.env.TEST_REPLICAS = '2';

describe('end to end: the replicated cluster engine (two of each service behind HAProxy)', () => {
  const engine = useTestEngine('cluster-replicas');
  let db: Pool;
  beforeAll(() => {
    const { host, port, user, password } = engine.server.cluster!.db;
    db = new Pool({ host, port, user, password, database: 'temporal', max: 2, idleTimeoutMillis: 1_000 });
    // The engine's teardown stops PostgreSQL: an idle connection then ends with an error nobody is waiting for, which
    // unhandled would take the test process down.
    db.on('error', () => undefined);
  });
  afterAll(async () => {
    await db?.end();
  });

  /** The history host (1 or 2) that owns a workflow's shard now. */
  const ownerOf = async (workflowId: string): Promise<number | undefined> => {
    const shard = await shardOf(db, workflowId);
    const owner = shard === undefined ? undefined : (await shardOwners(db)).get(shard);
    return [1, 2].find((r) => owner?.startsWith(`${serviceHost('history', r, 2)}:`));
  };
  it('the history host owning a sleeping recheck is killed -9 and kept down: the other takes its shards and fires the timer, one ticket', async () => {
    const cluster = engine.server.cluster!;
    const { cycle, recheck } = await sleepingRecheck(engine);
    const owner = await until('the recheck shard’s owner', () => ownerOf(recheck.workflowId));
    const other = owner === 1 ? 2 : 1;
    await cluster.hold('history', owner);
    try {
      const { result } = await cycle;
      expect(result).toMatchObject({ inOutage: 1, rechecksStarted: 1, ticketsCreated: 1 });
      expect(await ticketsOf(engine, DOWN_EDGE.serial)).toHaveLength(1);
      const events = (await recheck.fetchHistory()).events ?? [];
      expect(events.filter((e) => e.timerFiredEventAttributes)).toHaveLength(1);
      // The shard moved: the host still up owns it now.
      expect(await ownerOf(recheck.workflowId)).toBe(other);
    } finally {
      cluster.release('history', owner);
    }
  }, 240_000);

  it('a frontend killed -9 between two client calls: the second goes through the balancer to the other one', async () => {
    const cluster = engine.server.cluster!;
    const call = () => engine.client.workflowService.getSystemInfo({});
    await call();
    await cluster.hold('frontend', 1);
    try {
      // Round robin would hand every other call to the dead frontend: none of them may fail.
      const started = Date.now();
      for (let i = 0; i < 6; i++) await call();
      expect(Date.now() - started).toBeLessThan(10_000);
      // The workers poll through the balancer too: a monitor still runs end to end.
      const sites = await engine.triggerSchedule<{ edgesProcessed: number }>('sites-monitor');
      expect(sites.result.edgesProcessed).toBeGreaterThan(0);
    } finally {
      cluster.release('frontend', 1);
    }
  }, 180_000);
});
