import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { startLocalPrometheus, type LocalPrometheus } from '../../observability/local-prometheus';
import { readServerMetric } from '../../temporal-config/server-metrics';
import { serviceHost } from '../../temporal-config/replicas';
import { shardOf, shardOwners } from '../../temporal-config/shard-owners';
import { useTestEngine } from '../helpers/engine';
import { DOWN_EDGE, sleepingRecheck, ticketsOf } from '../helpers/sleeping-recheck';
import { until } from '../helpers/worker-process';
import { freePort, tempDir } from '../helpers/env';

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
  /** The shards history host `r` says it owns, on its own /metrics. */
  const shardsOwnedBy = (r: number) =>
    readServerMetric(
      engine.server.metricsTargets.find((t) => t.process === `history-${r}`)!,
      'numshards_gauge',
    );
  it('the history host owning a sleeping recheck is killed -9 and kept down: the other takes its shards and fires the timer, one ticket', async () => {
    const cluster = engine.server.cluster!;
    const { cycle, recheck } = await sleepingRecheck(engine);
    const owner = await until('the recheck shard’s owner', () => ownerOf(recheck.workflowId));
    const other = owner === 1 ? 2 : 1;
    // Both hosts serve shards, and their metrics say so (the test cluster has 4).
    expect((await shardsOwnedBy(1)) + (await shardsOwnedBy(2))).toBe(4);
    expect(await shardsOwnedBy(owner)).toBeGreaterThan(0);
    await cluster.hold('history', owner);
    try {
      const { result } = await cycle;
      expect(result).toMatchObject({ inOutage: 1, rechecksStarted: 1, ticketsCreated: 1 });
      expect(await ticketsOf(engine, DOWN_EDGE.serial)).toHaveLength(1);
      const events = (await recheck.fetchHistory()).events ?? [];
      expect(events.filter((e) => e.timerFiredEventAttributes)).toHaveLength(1);
      // The shard moved: the host still up owns it now, and every other shard too.
      expect(await ownerOf(recheck.workflowId)).toBe(other);
      await until('the survivor owning every shard', async () => (await shardsOwnedBy(other)) === 4 || undefined);
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

  it('a real Prometheus scrapes all eight Temporal processes: every panel of the Temporal server dashboard has data', async () => {
    const dashboard = JSON.parse(
      readFileSync(join(__dirname, '../../observability/grafana/dashboards/temporal-server.json'), 'utf8'),
    ) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
    const started = await startLocalPrometheus({
      dataDir: tempDir('prometheus-cluster'),
      port: await freePort(),
      targets: { temporal: engine.server.metricsTargets },
    });
    if (!('url' in started)) throw new Error(started.missing);
    const prometheus: LocalPrometheus = started;
    try {
      const query = async (expr: string) => {
        const res = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
        return ((await res.json()) as { data?: { result: Array<{ metric: Record<string, string> }> } }).data?.result;
      };
      // Each process is its own instance, named for its service and replica.
      const up = await until('eight processes scraped', async () => {
        const result = await query('up{job="temporal-server"} == 1');
        return result && result.length === 8 ? result : undefined;
      });
      expect(up.map((r) => r.metric.instance).sort()).toEqual([
        'frontend-1',
        'frontend-2',
        'history-1',
        'history-2',
        'matching-1',
        'matching-2',
        'worker-1',
        'worker-2',
      ]);
      // Two samples in every rate window; then the cluster does something to show in it.
      await new Promise((r) => setTimeout(r, 11_000));
      await engine.triggerSchedule('sites-monitor');
      await new Promise((r) => setTimeout(r, 6_000));
      const empty: string[] = [];
      for (const panel of dashboard.panels)
        for (const { expr } of panel.targets) if (!(await query(expr))?.length) empty.push(`${panel.title}: ${expr}`);
      expect(empty).toEqual([]);
      // Both history hosts report their shards, 4 in all.
      const shards = await query('sum by (instance) (numshards_gauge{service_name="history"})');
      expect(shards?.map((r) => r.metric.instance).sort()).toEqual(['history-1', 'history-2']);
    } finally {
      await prometheus.stop();
    }
  }, 180_000);
});
