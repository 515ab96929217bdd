import {
  checkMaintenanceRequest,
  openWindowsAt,
  parseScope,
  scopeKey,
  windowCovering,
  windowStatus,
  type MaintenanceWindow,
} from '../../../domain/maintenance';

const NOW = Date.parse('2026-12-03T15:00:00Z'); // 10:00 in New York
const rules = { maxDays: 14, nowMs: NOW };
const ok = {
  scope: 'device:VC05200028729',
  start: '2026-12-03T10:00',
  end: '2026-12-03T12:00',
  timeZone: 'America/New_York',
  reason: 'fibre works',
};
const problems = (req: Record<string, unknown>) => {
  const r = checkMaintenanceRequest(req, rules);
  return 'problems' in r ? r.problems.map((p) => p.field) : [];
};

describe('maintenance windows (domain/maintenance.ts)', () => {
  it('reads the three scopes and refuses anything else', () => {
    expect(parseScope('enterprise:mettel.velocloud.net/4')).toEqual({
      kind: 'enterprise',
      host: 'mettel.velocloud.net',
      enterpriseId: 4,
    });
    expect(parseScope('client:9994')).toEqual({ kind: 'client', clientId: '9994' });
    expect(parseScope('device:B827EB92EB72')).toEqual({ kind: 'device', serialNumber: 'B827EB92EB72' });
    for (const bad of ['device:', 'client:acme', 'enterprise:host', 'site:1', 'device:VC 1'])
      expect(parseScope(bad)).toBeUndefined();
    expect(scopeKey(parseScope('enterprise:h/4')!)).toBe('enterprise:h/4');
  });

  it('turns wall times in the zone into instants (New York is UTC-5 in December)', () => {
    expect(checkMaintenanceRequest(ok, rules)).toEqual({
      scope: { kind: 'device', serialNumber: 'VC05200028729' },
      startMs: Date.parse('2026-12-03T15:00:00Z'),
      endMs: Date.parse('2026-12-03T17:00:00Z'),
    });
  });

  it('names every bad field at once: scope, zone, times, reason', () => {
    expect(problems({ scope: 'x', start: 'soon', end: '', timeZone: 'America/New_York', reason: ' ' })).toEqual([
      'scope',
      'start',
      'end',
      'reason',
    ]);
    expect(problems({ ...ok, timeZone: 'Mars/Base' })).toEqual(['timeZone']);
    expect(problems({ ...ok, timeZone: 'UTC' })).toEqual(['timeZone']); // not an area/location IANA name
    expect(problems({ ...ok, start: '2026-02-30T10:00' })).toEqual(['start']);
    expect(problems({ ...ok, reason: 'x'.repeat(501) })).toEqual(['reason']);
  });

  it('an end at or before the start, past the longest window, or already past is refused; a past start is not', () => {
    expect(problems({ ...ok, end: ok.start })).toEqual(['end']);
    expect(problems({ ...ok, end: '2026-12-17T10:00' })).toEqual([]); // exactly 14 days
    expect(problems({ ...ok, end: '2026-12-17T10:01' })).toEqual(['end']);
    expect(problems({ ...ok, start: '2026-12-03T08:00', end: '2026-12-03T10:00' })).toEqual(['end']); // ended at now
    expect(problems({ ...ok, start: '2026-12-03T08:00', end: '2026-12-03T10:01' })).toEqual([]);
  });

  it('finds the window a device is in by device, client or enterprise, only while it is open', () => {
    const w = (id: string, scope: string, start: string, end: string): MaintenanceWindow => ({
      id,
      scope: parseScope(scope)!,
      start,
      end,
      timeZone: 'UTC',
      reason: 'r',
      setBy: 'u',
    });
    const windows = [
      w('a', 'device:VC0001', '2026-12-03T14:00:00Z', '2026-12-03T16:00:00Z'),
      w('b', 'client:77', '2026-12-03T14:00:00Z', '2026-12-03T15:00:00Z'),
      w('c', 'enterprise:h/4', '2026-12-03T15:30:00Z', '2026-12-03T16:00:00Z'),
    ];
    const open = openWindowsAt(windows, NOW);
    expect(windowCovering(open, { serialNumber: 'VC0001', clientId: '1' })?.id).toBe('a');
    expect(windowCovering(open, { serialNumber: 'VC0002', clientId: '77' })).toBeUndefined(); // its end is exclusive
    expect(windowCovering(open, { serialNumber: 'VC0003', clientId: '1', host: 'h', enterpriseId: 4 })).toBeUndefined();
    const later = openWindowsAt(windows, Date.parse('2026-12-03T15:30:00Z'));
    expect(windowCovering(later, { serialNumber: 'VC0003', clientId: '1', host: 'h', enterpriseId: 4 })?.id).toBe('c');
    expect(
      windowCovering(later, { serialNumber: 'VC0003', clientId: '1', host: 'h', enterpriseId: 5 }),
    ).toBeUndefined();
  });

  it('a window is scheduled before its start, active from its start, ended from its end', () => {
    const w = { start: '2026-12-03T14:00:00Z', end: '2026-12-03T16:00:00Z' };
    const at = (iso: string) => windowStatus(w, Date.parse(iso));
    expect([at('2026-12-03T13:59:59Z'), at('2026-12-03T14:00:00Z'), at('2026-12-03T15:59:59Z')]).toEqual([
      'scheduled',
      'active',
      'active',
    ]);
    expect(at('2026-12-03T16:00:00Z')).toBe('ended');
  });
});
