import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { searchAttributeFlags } from '../../../domain/search-attributes';
import { devServerArgs, MAX_IN_FLIGHT_UPDATES, startDevServer } from '../../../temporal-config/dev-server';
import { StoppedWaiting } from '../../../temporal-config/reach';
import { freePort, processAlive as alive, tempDir } from '../../helpers/env';

describe('the Temporal dev server launcher', () => {
  it('starts the dev server in WAL mode with our search attributes and the codec endpoint', () => {
    const args = devServerArgs({
      port: 7233,
      uiPort: 8233,
      dbFile: '.data/t.sqlite',
      namespace: 'default',
      codecEndpoint: 'http://localhost:8888',
    });
    expect(args.join(' ')).toContain('--sqlite-pragma journal_mode=WAL --sqlite-pragma synchronous=NORMAL');
    expect(args.join(' ')).toContain('--ui-codec-endpoint http://localhost:8888');
    expect(searchAttributeFlags()).toEqual([
      'Vendor=Keyword',
      'DispatchNumber=Keyword',
      'TicketId=Keyword',
      'EdgeId=Keyword',
      'ClientId=Keyword',
      'Outcome=Keyword',
      'EdgeIds=KeywordList',
      'TicketIds=KeywordList',
      'ReportPeriod=Keyword',
      'MaintenanceScope=Keyword',
    ]);
    for (const f of searchAttributeFlags()) expect(args).toContain(f);
    // A build's task-queue registrations all fit in flight, on the dev server and the cluster alike.
    expect(args.join(' ')).toContain(`history.maxInFlightUpdates=${MAX_IN_FLIGHT_UPDATES}`);
    const production = readFileSync(join(__dirname, '../../../temporal-config/dynamicconfig/production.yaml'), 'utf8');
    expect(production).toMatch(
      new RegExp(`^history\\.maxInFlightUpdates:\\n  - value: ${MAX_IN_FLIGHT_UPDATES}$`, 'm'),
    );
  });

  it("in its own process group (npm start): a PID file while it runs, a leftover one stopped at the next start, 'exited' when it ends", async () => {
    const dir = tempDir('own-group');
    const dbFile = join(dir, 'temporal.sqlite');
    // What a killed `npm start` leaves behind: a server process (named like one) and its PID file.
    const leftover = spawn('bash', ['-c', 'exec -a "temporal server start-dev" sleep 60'], {
      detached: true,
      stdio: 'ignore',
    });
    writeFileSync(`${dbFile}.pid`, String(leftover.pid));
    const leftoverGone = new Promise((r) => leftover.once('exit', r));
    const server = await startDevServer({
      port: await freePort(),
      uiPort: 0,
      dbFile,
      namespace: 'default',
      headless: true,
      logFile: join(dir, 'server.log'),
      ownProcessGroup: true,
    });
    try {
      await leftoverGone;
      expect(alive(leftover.pid!)).toBe(false);
      const pid = Number(readFileSync(`${dbFile}.pid`, 'utf8'));
      expect(pid).toBe(server.process.pid);
      // Its own group: a Ctrl-C to npm start's group does not reach it.
      expect(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[2]).toBe(String(pid));
    } finally {
      await server.stop();
    }
    expect(await server.exited).not.toBeUndefined();
    expect(existsSync(`${dbFile}.pid`)).toBe(false);
  });

  describe('a start that does not reach a running server', () => {
    async function starting(name: string, signal?: AbortSignal) {
      const dbFile = join(tempDir(name), 'temporal.sqlite');
      const started = startDevServer({
        port: await freePort(),
        uiPort: 0,
        dbFile,
        namespace: 'default',
        headless: true,
        logFile: join(dirname(dbFile), 'server.log'),
        ownProcessGroup: true,
        signal,
      });
      // Written as the server is spawned, before the wait for its API.
      return { started, dbFile, pid: Number(readFileSync(`${dbFile}.pid`, 'utf8')) };
    }

    it('a stop while it starts (Ctrl-C during npm start) stops the server and ends the wait with StoppedWaiting', async () => {
      const stop = new AbortController();
      const { started, dbFile, pid } = await starting('stopped-starting', stop.signal);
      stop.abort();
      await expect(started).rejects.toBeInstanceOf(StoppedWaiting);
      expect(alive(pid)).toBe(false);
      expect(existsSync(`${dbFile}.pid`)).toBe(false);
    }, 20_000);

    it('a server ended by a signal before it answers is said at once, not after the 60 s wait', async () => {
      const { started, pid } = await starting('killed-starting');
      process.kill(pid, 'SIGKILL');
      await expect(started).rejects.toThrow(/^temporal dev server exited with SIGKILL; see .*server\.log$/);
    }, 20_000);
  });
});
