import { parseMaintenanceArgs, windowLine } from '../../../cli/maintenance-command';
import { UsageError } from '../../../cli/usage-error';

describe('npm run maintenance: arguments', () => {
  it('reads add, list, show, extend and end with their flags; --by defaults to the CLI user', () => {
    expect(
      parseMaintenanceArgs([
        'add',
        'client:9994',
        '--start',
        '2026-12-03T10:00',
        '--end',
        '2026-12-03T12:00',
        '--zone',
        'America/New_York',
        '--reason',
        'fibre works',
        '--by',
        'alice',
      ]),
    ).toEqual({
      command: 'add',
      scope: 'client:9994',
      start: '2026-12-03T10:00',
      end: '2026-12-03T12:00',
      timeZone: 'America/New_York',
      reason: 'fibre works',
      by: 'alice',
    });
    expect(parseMaintenanceArgs(['list'])).toEqual({ command: 'list' });
    expect(parseMaintenanceArgs(['show', 'w1'])).toEqual({ command: 'show', id: 'w1' });
    expect(parseMaintenanceArgs(['end', 'w1', '--reason', 'done'])).toMatchObject({
      command: 'end',
      id: 'w1',
      reason: 'done',
      by: expect.stringMatching(/^cli:/),
    });
    expect(parseMaintenanceArgs(['extend', 'w1', '--end', '2026-12-04T10:00', '--reason', 'more'])).toMatchObject({
      command: 'extend',
      end: '2026-12-04T10:00',
    });
  });

  it('refuses with the usage what it cannot read', () => {
    const refusal = (...argv: string[]) => {
      try {
        parseMaintenanceArgs(argv);
      } catch (err) {
        expect(err).toBeInstanceOf(UsageError);
        return (err as Error).message;
      }
      return 'accepted';
    };
    expect(refusal('pause')).toBe('unknown command "pause"');
    expect(refusal('add', 'client:1', '--start', 'x')).toBe('add needs --end, --zone, --reason');
    expect(refusal('add', 'client:1', '--colour', 'red')).toBe('unexpected --colour');
    expect(refusal('end', 'w1', '--reason', 'a', '--reason', 'b')).toBe('--reason given twice');
    expect(refusal('end', 'w1', '--reason')).toBe('--reason needs a value');
    expect(refusal('list', 'extra')).toBe('unexpected extra');
  });

  it('prints a window in its own zone, with who and why', () => {
    const line = windowLine(
      {
        id: 'client:9994@2026-12-03T15:00:00.000Z',
        scope: { kind: 'client', clientId: '9994' },
        start: '2026-12-03T15:00:00.000Z',
        end: '2026-12-03T17:00:00.000Z',
        timeZone: 'America/New_York',
        reason: 'fibre works',
        setBy: 'alice',
      },
      Date.parse('2026-12-03T16:00:00Z'),
    );
    expect(line).toContain('ACTIVE    client:9994@2026-12-03T15:00:00.000Z');
    expect(line).toContain('set by alice: fibre works');
    expect(line).toMatch(/2026-12-03 10:00:00 EST to 2026-12-03 12:00:00 EST/);
  });
});
