import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { maintenanceWindows } from '../../portal/maintenance';
import type { OutageMonitorResult } from '../../workflows/outage/outage-monitor';
import type { OutageCycleResult } from '../../workflows/outage/cycle';
import { SearchAttr } from '../../domain/search-attributes';
import { useTestEngine } from '../helpers/engine';
import { addEnterprise } from '../helpers/sandbox';
import { TEST_KEY } from '../helpers/env';

type State = {
  vendors: { bruin: { tickets: Record<string, { serviceNumber: string; category: string }> } };
  outbox: { slack: Array<{ text: string }> };
};

describe('end to end: maintenance windows (issue 30 item 1)', () => {
  const engine = useTestEngine('maintenance', { STORM_MIN_TICKETS: '0', MAINTENANCE_MAX_DAYS: '2' });
  const cycle = async () => (await engine.triggerSchedule<OutageMonitorResult>('outage-monitor')).result;
  const state = async () => (await engine.sb.call('GET', '/_sandbox/state')).json as State;
  const serials = Array.from({ length: 10 }, (_, i) => `VC0900000${String(i).padStart(4, '0')}`);
  const ticketsFor = async (wanted: string[]) =>
    Object.values((await state()).vendors.bruin.tickets).filter(
      (t) => t.category === 'VOO' && wanted.includes(t.serviceNumber),
    );
  /**
   * `npm run maintenance -- ...` as a process beside the engine: its exit code and what it printed. Asynchronous: the
   * engine's workers run in this process, and a blocking spawn would stall the window's workflow until the CLI gave up.
   */
  const cli = (...args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'cli/maintenance.ts', ...args], {
        cwd: join(__dirname, '../..'),
        env: {
          ...process.env,
          APP_ENV: 'test',
          TEMPORAL_ADDRESS: engine.server.address,
          APP_DB_FILE: engine.storeFile,
          PAYLOAD_KEY_ID: 'test-1',
          PAYLOAD_KEY: TEST_KEY,
          MAINTENANCE_MAX_DAYS: '2',
          ...engine.sb.env,
        },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => resolve({ code, out, err }));
    });
  /** The wall time `minutes` from now in New York, as a window is asked for. */
  const wall = (minutes: number) =>
    new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'America/New_York',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .format(new Date(Date.now() + minutes * 60_000))
      .replace(' ', 'T');

  beforeAll(async () => {
    // Ten edges of one more enterprise, a Bruin client of their own, up at first.
    await addEnterprise(engine.sb, {
      enterpriseId: 4,
      name: 'Delta Depots',
      edgePrefix: 'delta',
      firstEdgeId: 401,
      serials,
      state: 'CONNECTED',
      clientId: '8800',
    });
  });

  it('a 2-hour window on 10 down edges: no ticket, alert or recheck while it lasts, 10 counted; 10 tickets once it ends', async () => {
    expect(await cycle()).toMatchObject({ edgesChecked: 13, inOutage: 0 }); // builds the customer cache

    // Bad input from the CLI: exit 2, every field named.
    const add = (scope: string, from: number, to: number, zone = 'America/New_York') =>
      cli('add', scope, '--start', wall(from), '--end', wall(to), '--zone', zone, '--reason', 'x');
    const depots = 'enterprise:mettel.velocloud.net/4';
    const bad = await add(depots, 10, 0, 'Mars/Base');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('timeZone: must be an IANA time zone');
    const backwards = await add(depots, 10, 0);
    expect(backwards.code).toBe(2);
    expect(backwards.err).toContain('end: must be after the start');
    expect((await add(depots, 0, 3 * 24 * 60)).err).toContain('at most 2 days (MAINTENANCE_MAX_DAYS)');
    const unknown = await add('enterprise:mettel.velocloud.net/99', 0, 120);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('scope: no enterprise');

    const added = await cli(
      'add',
      'enterprise:mettel.velocloud.net/4',
      '--start',
      wall(-1),
      '--end',
      wall(119),
      '--zone',
      'America/New_York',
      '--reason',
      'fibre works at the depots',
      '--by',
      'noc-alice',
    );
    expect(added.err).toBe('');
    expect(added.code).toBe(0);
    const id = /^set (\S+)/.exec(added.out)![1];
    expect((await cli('list')).out).toMatch(/ACTIVE\s+enterprise:mettel\.velocloud\.net\/4@/);
    expect((await cli('list')).out).toContain('set by noc-alice: fibre works at the depots');

    for (const serial of serials.keys())
      await engine.sb.call(
        'PATCH',
        `/_sandbox/velocloud/edges/${encodeURIComponent(`mettel.velocloud.net/4/${401 + serial}`)}`,
        {
          edgeState: 'OFFLINE',
        },
      );
    const slackBefore = (await state()).outbox.slack.length;
    for (let i = 0; i < 2; i++) {
      const during = await engine.triggerSchedule<OutageCycleResult>('outage-monitor');
      expect(during.result).toMatchObject({ inMaintenance: 10, inOutage: 0, rechecksStarted: 0, ticketsCreated: 0 });
      const described = await engine.client.workflow.getHandle(during.workflowId).describe();
      expect(described.typedSearchAttributes.get(SearchAttr.Outcome)).toBe('in-maintenance');
    }
    expect(await ticketsFor(serials)).toHaveLength(0);
    expect((await state()).outbox.slack).toHaveLength(slackBefore);

    // The window in the Web UI: its own workflow, found by what it covers, with who set it and why.
    const windows = [];
    for await (const w of engine.client.workflow.list({
      query: `MaintenanceScope = "enterprise:mettel.velocloud.net/4"`,
    }))
      windows.push(w);
    expect(windows.map((w) => w.workflowId)).toEqual([`maintenance/${id}`]);

    // Extending past the longest window is refused with the reason; ending it needs a reason, and is recorded.
    expect(await cli('extend', id, '--end', wall(3 * 24 * 60), '--reason', 'more digging')).toMatchObject({ code: 1 });
    expect((await cli('extend', id, '--end', wall(3 * 24 * 60), '--reason', 'more digging')).err).toContain(
      'MAINTENANCE_MAX_DAYS',
    );
    const ended = await cli('end', id, '--reason', 'works finished early', '--by', 'noc-bob');
    expect(ended.code).toBe(0);
    const service = maintenanceWindows({ client: engine.client, store: engine.store, maxDays: 2 });
    const shown = await service.show(id);
    expect(shown.status).toBe('ended');
    expect(shown.events.map((e) => [e.what, e.by, e.why])).toEqual([
      ['set', 'noc-alice', 'fibre works at the depots'],
      ['ended', 'noc-bob', 'works finished early'],
    ]);

    // Still down when the window has ended: ticketed on the next cycle.
    const after = await cycle();
    expect(after).toMatchObject({ inOutage: 10, ticketsCreated: 10 });
    expect(after.inMaintenance).toBeUndefined();
    expect(await ticketsFor(serials)).toHaveLength(10);
  }, 180_000);

  it('set while no worker runs windows: answered after the wait, the window set (its workflow runs) and saved by none yet', async () => {
    const unrun = maintenanceWindows({
      client: engine.client,
      store: engine.store,
      maxDays: 2,
      savedWithinMs: 1_000,
      taskQueue: 'maintenance-nobody-polls',
    });
    const request = {
      scope: `device:${serials[0]}`,
      start: wall(24 * 60),
      end: wall(25 * 60),
      timeZone: 'America/New_York',
      reason: 'cabinet swap',
    };
    const window = await unrun.set(request, 'noc-alice');
    const handle = engine.client.workflow.getHandle(`maintenance/${window.id}`);
    try {
      expect((await handle.describe()).status.name).toBe('RUNNING');
      // Nothing ran it, so the monitors do not see it yet; whoever sets it again is told it is set.
      expect((await unrun.list()).map((w) => w.id)).not.toContain(window.id);
      await expect(unrun.set(request, 'noc-bob')).rejects.toMatchObject({
        status: 409,
        message: expect.stringContaining('is already set'),
      });
    } finally {
      await handle.terminate('test over');
    }
  }, 60_000);
});
