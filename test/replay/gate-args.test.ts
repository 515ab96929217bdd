import { TypedSearchAttributes } from '@temporalio/common';
import { formatGate, parseSince, pinnedBuild, type GateLine } from '../../replay/gate';
import { parseReplayArgs } from '../../replay/run';

const TYPES = ['dispatchTimeline', 'outageMonitor'];
const line = (over: Partial<GateLine>): GateLine => ({
  type: 'outageMonitor',
  replayed: 0,
  running: 0,
  closed: 0,
  staysPinned: new Map(),
  errors: [],
  ...over,
});

describe('the replay gate (npm run replay -- --server): arguments and report', () => {
  it('reads the window, the type, a query, the sample size and a candidate module', () => {
    expect(parseReplayArgs(['--server'], TYPES)).toEqual({
      gate: { sinceMs: 7 * 86_400_000, perType: 20, type: undefined, query: undefined, workflows: undefined },
    });
    expect(
      parseReplayArgs(
        ['--server', '--since', '12h', '--type', 'dispatchTimeline', '--query', "Vendor = 'lit'", '--per-type', '5'],
        TYPES,
      ),
    ).toEqual({
      gate: {
        sinceMs: 12 * 3_600_000,
        perType: 5,
        type: 'dispatchTimeline',
        query: "Vendor = 'lit'",
        workflows: undefined,
      },
    });
    expect(parseReplayArgs(['--server', '--workflows', 'workflows/index.ts'], TYPES)).toMatchObject({
      gate: { workflows: 'workflows/index.ts' },
    });
  });

  it('refuses a bad window, an unknown type, a sample out of range, a missing module or a workflow ID', () => {
    const refused = (argv: string[]) => () => parseReplayArgs(argv, TYPES);
    expect(refused(['--server', '--since', '7 days'])).toThrow(/--since takes a number of minutes, hours or days/);
    expect(refused(['--server', '--type', 'nope'])).toThrow(
      /no workflow type "nope"; the engine's types: dispatchTimeline/,
    );
    expect(refused(['--server', '--per-type', '0'])).toThrow(/--per-type takes 1 to 1000/);
    expect(refused(['--server', '--workflows', 'no/such.ts'])).toThrow(/--workflows: no such file no\/such.ts/);
    expect(refused(['--server', 'dispatch/lit/1'])).toThrow(/takes no workflow ID/);
    expect(refused(['--server', '--run-id', 'x'])).toThrow(/unknown option --run-id with --server/);
    expect(parseSince('30m')).toBe(1_800_000);
    expect(parseSince('7')).toBeUndefined();
  });

  it('reads a run as pinned from the server search attributes only when it is pinned', () => {
    const info = (pairs: Array<[string, string]>) => ({
      typedSearchAttributes: new TypedSearchAttributes(
        pairs.map(([name, value]) => ({ key: { name, type: 'KEYWORD' as const }, value })),
      ),
    });
    expect(
      pinnedBuild(
        info([
          ['TemporalWorkflowVersioningBehavior', 'Pinned'],
          ['TemporalWorkerDeploymentVersion', 'automation-engine:abc123'],
        ]),
      ),
    ).toBe('abc123');
    expect(
      pinnedBuild(
        info([
          ['TemporalWorkflowVersioningBehavior', 'AutoUpgrade'],
          ['TemporalWorkerDeploymentVersion', 'automation-engine:abc123'],
        ]),
      ),
    ).toBeUndefined();
    expect(pinnedBuild(info([]))).toBeUndefined();
  });

  it('prints a line per type and fails on a divergence or a run it could not replay', () => {
    const passed = formatGate([
      line({ type: 'dispatchTimeline', staysPinned: new Map([['old', 4]]), replayed: 2, running: 1, closed: 1 }),
      line({}),
    ]);
    expect(passed.ok).toBe(true);
    expect(passed.text.split('\n')).toEqual([
      '  dispatchTimeline  replayed 2 (1 running, 1 closed); 4 stay pinned on build old',
      '  outageMonitor     no runs in the window',
      'gate: passed (every sampled run replays against this working tree)',
    ]);
    const failed = formatGate([
      line({
        diverged: {
          workflowId: 'outage-monitor-1',
          runId: 'r1',
          mismatch: 'Activity type of scheduled event x does not match y',
          event: { id: 14, type: 'ActivityTaskScheduled', name: 'x' },
          codeLocations: ['workflows/outage/outage-monitor.ts:40'],
        },
      }),
      line({ type: 'triage', errors: ['triage-1: could not read its history: too big'] }),
    ]);
    expect(failed.ok).toBe(false);
    expect(failed.text).toContain(
      'outageMonitor  DIVERGED outage-monitor-1 (run r1) at event 14 ActivityTaskScheduled x: Activity type of scheduled event x',
    );
    expect(failed.text).toContain('code: workflows/outage/outage-monitor.ts:40');
    expect(failed.text).toContain('ERROR triage-1: could not read its history: too big');
    expect(failed.text).toContain('gate: FAILED (1 type diverged, 1 with runs that could not be replayed)');
  });
});
