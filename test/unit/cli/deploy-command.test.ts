import { parseDeployArgs, previousBuild } from '../../../cli/deploy-command';
import { UsageError } from '../../../cli/usage-error';

const usageError = (argv: string[]) => {
  try {
    parseDeployArgs(argv);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
};

describe('npm run deploy: arguments', () => {
  it('reads status, ramp, promote and rollback, each change with its reason', () => {
    expect(parseDeployArgs(['status'])).toEqual({ action: 'status' });
    expect(parseDeployArgs(['ramp', '25', '--reason', ' canary '])).toEqual({
      action: 'ramp',
      percent: 25,
      reason: 'canary',
    });
    expect(parseDeployArgs(['ramp', '2.5', '--reason', 'x'])).toMatchObject({ percent: 2.5 });
    expect(parseDeployArgs(['promote', '--reason', 'clean for an hour'])).toEqual({
      action: 'promote',
      reason: 'clean for an hour',
    });
    expect(parseDeployArgs(['rollback', '--reason', 'errors'])).toEqual({ action: 'rollback', reason: 'errors' });
    expect(parseDeployArgs(['move', 'abc123', '--reason', 'the reminder fix'])).toEqual({
      action: 'move',
      from: 'abc123',
      reason: 'the reminder fix',
    });
    expect(parseDeployArgs(['move', 'abc123', '--query', "WorkflowId = 'dispatch/cts/S-1'", '--reason', 'x'])).toEqual({
      action: 'move',
      from: 'abc123',
      query: "WorkflowId = 'dispatch/cts/S-1'",
      reason: 'x',
    });
  });

  it('refuses what would move traffic without saying why, or by a wrong amount', () => {
    expect(usageError(['promote'])).toMatch(/promote needs --reason "<why>"/);
    expect(usageError(['rollback', '--reason', '  '])).toMatch(/--reason needs a few words/);
    expect(usageError(['ramp', '--reason', 'x'])).toMatch(/percentage above 0 and below 100/);
    for (const percent of ['0', '100', '-5', 'ten', '1e1'])
      expect(usageError(['ramp', percent, '--reason', 'x'])).toMatch(/above 0 and below 100 \(100 is promote\)/);
    expect(usageError(['status', '--reason', 'x'])).toMatch(/status changes nothing/);
    expect(usageError(['promote', 'abc', '--reason', 'x'])).toMatch(/unexpected abc/);
    expect(usageError(['promote', '--force'])).toMatch(/unknown option --force/);
    expect(usageError(['move', '--reason', 'x'])).toMatch(/move takes the build whose pinned runs to move/);
    expect(usageError(['move', 'abc123'])).toMatch(/move needs --reason/);
    expect(usageError(['move', "x' OR 1=1", '--reason', 'x'])).toMatch(/is not a build ID/);
    expect(usageError(['move', 'abc123', '--query', ' ', '--reason', 'x'])).toMatch(/--query needs a visibility query/);
    expect(usageError(['promote', '--query', 'x', '--reason', 'x'])).toMatch(/unknown option --query/);
    expect(usageError(['deploy'])).toMatch(/status, ramp, promote, rollback or move, not "deploy"/);
    expect(usageError([])).toMatch(/not ""/);
  });

  it('rolls back to the build that stopped taking new work last, never the current one', () => {
    const at = (iso: string) => new Date(iso);
    const version = (buildId: string, lastDeactivated?: string) => ({
      buildId,
      status: 'draining',
      drainage: 'draining',
      lastDeactivated: lastDeactivated ? at(lastDeactivated) : undefined,
    });
    expect(
      previousBuild({
        current: 'c',
        versions: [
          version('c', '2026-12-01T00:00:00Z'),
          version('a', '2026-12-01T00:00:00Z'),
          version('b', '2026-12-02T00:00:00Z'),
          version('new'),
        ],
      }),
    ).toBe('b');
    expect(previousBuild({ current: 'a', versions: [version('a'), version('never-current')] })).toBeUndefined();
  });
});
