import { chmodSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, type ClusterError } from '../../temporal-config/cluster';
import { StoppedWaiting } from '../../temporal-config/reach';
import { freeClusterPorts, startTestCluster } from '../helpers/dev-server';
import { tempDir } from '../helpers/env';
import { useTestEngine } from '../helpers/engine';
import { DOWN_EDGE, sleepingRecheck, ticketsOf } from '../helpers/sleeping-recheck';
import { until } from '../helpers/worker-process';

// The whole engine on the cluster engine (PostgreSQL + frontend, history, matching, worker as processes),
// whatever TEST_ENGINE says for the other suites.
process.env.TEST_ENGINE = 'cluster';

describe('end to end: the cluster engine (PostgreSQL and four Temporal services as processes)', () => {
  const engine = useTestEngine('cluster');
  it('the history service killed -9 while a recheck sleeps is restarted; the cycle completes with one ticket', async () => {
    const { cycle, recheck } = await sleepingRecheck(engine);
    const history = engine.server.cluster!.processOf('history');
    history.kill('SIGKILL');
    await until('the history service to be restarted', async () =>
      engine.server.cluster!.processOf('history').pid !== history.pid ? true : undefined,
    );
    const { result } = await cycle;
    expect(result).toMatchObject({ inOutage: 1, rechecksStarted: 1, ticketsCreated: 1 });
    expect(await ticketsOf(engine, DOWN_EDGE.serial)).toHaveLength(1);
    const events = (await recheck.fetchHistory()).events ?? [];
    expect(events.filter((e) => e.timerFiredEventAttributes)).toHaveLength(1);
    // SQL visibility on PostgreSQL answers our search attributes, keyword lists included.
    const found: string[] = [];
    for await (const w of engine.client.workflow.list({
      query: `EdgeIds = 'mettel.velocloud.net/102' AND Outcome = 'ticket-created'`,
    }))
      found.push(w.workflowId);
    expect(found).toEqual([recheck.workflowId]);
  }, 180_000);

  it('refuses a busy port, a wrong PostgreSQL password and an unreachable PostgreSQL, each with one message naming what to fix', async () => {
    const { ports } = await freeClusterPorts();
    const busy = { ...ports, frontend: engine.server.port };
    const db = engine.server.cluster!.db;
    const why = (p: Promise<unknown>) =>
      p.then(
        () => 'started',
        (err: ClusterError) => err.message,
      );
    expect(
      await why(
        startCluster({
          dir: tempDir('busy'),
          namespace: 'default',
          ports: busy,
          historyShards: 4,
          dbPort: 1,
          headless: true,
        }),
      ),
    ).toBe(
      `ports in use: frontend ${engine.server.port}; stop what holds them (another npm start?) or move TEMPORAL_ADDRESS / TEMPORAL_UI_PORT`,
    );
    expect(
      await why(
        startCluster({
          dir: tempDir('high-port'),
          namespace: 'default',
          ports: { ...ports, historyMembership: 40_000 },
          historyShards: 4,
          dbPort: 1,
          headless: true,
        }),
      ),
    ).toBe('ports above 32767 (historyMembership 40000): Temporal stores service ports as a smallint');
    expect(
      await why(
        startCluster({
          dir: tempDir('wrong-password'),
          namespace: 'default',
          ports,
          historyShards: 4,
          dbPort: 1,
          headless: true,
          dbUrl: `postgres://${db.user}:not-the-password@${db.host}:${db.port}`,
        }),
      ),
    ).toMatch(
      /^PostgreSQL at 127\.0\.0\.1:\d+ refused user temporal \(password authentication failed\): check TEMPORAL_DB_URL$/,
    );
    expect(
      await why(
        startCluster({
          dir: tempDir('unreachable'),
          namespace: 'default',
          ports,
          historyShards: 4,
          dbPort: 1,
          headless: true,
          dbUrl: `postgres://${db.user}:${db.password}@127.0.0.1:${ports.frontend}`,
        }),
      ),
    ).toBe(
      `PostgreSQL at 127.0.0.1:${ports.frontend} cannot be reached (connection refused): is it running? check TEMPORAL_DB_URL`,
    );
  });
});

describe('the cluster engine keeps its data', () => {
  it('a second start on the same directory finds the first one’s workflows', async () => {
    const dir = tempDir('cluster-restart');
    const first = await startTestCluster(dir);
    const { Client } = await import('@temporalio/client');
    const { Connection } = await import('@temporalio/client');
    const open = async (address: string) => new Client({ connection: await Connection.connect({ address }) });
    let client = await open(first.address);
    await client.workflow.start('anyWorkflowType', { taskQueue: 'nobody-polls', workflowId: 'kept-across-restarts' });
    await client.connection.close();
    await first.stop();
    const second = await startTestCluster(dir, first);
    try {
      client = await open(second.address);
      const described = await client.workflow.getHandle('kept-across-restarts').describe();
      expect(described.status.name).toBe('RUNNING');
      await client.workflow.getHandle('kept-across-restarts').terminate('test done');
      await client.connection.close();
    } finally {
      await second.stop();
    }
  }, 120_000);
});

describe('a stop while the cluster engine starts', () => {
  /** Starts a cluster and stops it once `launched` (a process's PID file) shows; what is in its directory then. */
  async function stopOnceLaunched(launched: string) {
    const dir = tempDir('cluster-stopped-starting');
    chmodSync(dir, 0o755); // PostgreSQL runs as its own user: it must be able to enter the directory.
    const { ports, dbPort } = await freeClusterPorts();
    const stop = new AbortController();
    const starting = startCluster({
      dir,
      namespace: 'default',
      ports,
      historyShards: 4,
      dbPort,
      headless: true,
      signal: stop.signal,
    });
    void starting.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    await until(`${launched} to be launched`, () => (existsSync(join(dir, `${launched}.pid`)) ? true : undefined));
    stop.abort();
    await expect(starting).rejects.toBeInstanceOf(StoppedWaiting);
    expect(existsSync(join(dir, 'postgres', 'postmaster.pid'))).toBe(false);
    return {
      pidFiles: readdirSync(dir).filter((f) => f.endsWith('.pid')),
      logs: readdirSync(dir).filter((f) => f.endsWith('.log')),
    };
  }

  it('(Ctrl-C during TEMPORAL_ENGINE=cluster npm start) stops every service and PostgreSQL, and ends with StoppedWaiting', async () => {
    expect((await stopOnceLaunched('frontend')).pidFiles).toEqual([]);
  }, 120_000);

  it('a stop while the history service comes up alone launches no other service', async () => {
    const { pidFiles, logs } = await stopOnceLaunched('history');
    expect(pidFiles).toEqual([]);
    // History takes seconds to open its membership port; a stop in that time is acted on at once.
    expect(logs).toEqual(['history.log']);
  }, 120_000);
});
