import {
  changeFailureLevel,
  deploymentFrequencyLevel,
  doraKeys,
  leadTimeLevel,
  timeToRestoreLevel,
  type DevopsEvent,
} from '../../../domain/dora';

const NOW = Date.parse('2026-11-24T00:00:00Z');
const H = 3_600_000;
const D = 24 * H;
const at = (msBeforeNow: number) => new Date(NOW - msBeforeNow).toISOString();
const ev = (
  event: DevopsEvent['event'],
  msBeforeNow: number,
  metadata?: DevopsEvent['metadata'],
  repo = 'engine',
): DevopsEvent => ({
  time: at(msBeforeNow),
  repo,
  event,
  ...(metadata ? { metadata } : {}),
});

describe('DORA keys from DevOps events', () => {
  it('no events: zero deploys (low frequency), and no lead time, failure rate or restore time to rate', () => {
    expect(doraKeys([], 'engine', 30, NOW)).toEqual({
      repo: 'engine',
      windowDays: 30,
      from: '2026-10-25T00:00:00.000Z',
      to: '2026-11-24T00:00:00.000Z',
      deploymentFrequency: { deploys: 0, perDay: 0, level: 'low' },
      leadTimeHours: { median: null, measured: 0, level: null },
      changeFailureRate: { failed: 0, deploys: 0, rate: null, level: null },
      timeToRestoreHours: { median: null, restored: 0, open: 0, level: null },
    });
  });

  it('one deploy of a commit pushed 5 h earlier: lead time 5 h (elite), no failure', () => {
    const keys = doraKeys(
      [ev('push', 10 * H, { commit: 'abc' }), ev('deploy', 5 * H, { commit: 'abc' })],
      'engine',
      30,
      NOW,
    );
    expect(keys.deploymentFrequency).toEqual({ deploys: 1, perDay: 1 / 30, level: 'medium' });
    expect(keys.leadTimeHours).toEqual({ median: 5, measured: 1, level: 'elite' });
    expect(keys.changeFailureRate).toEqual({ failed: 0, deploys: 1, rate: 0, level: 'elite' });
  });

  it('counts a deploy exactly at the window start, not one at its end or before it; other repos do not count, ALL does', () => {
    const events = [
      ev('deploy', 30 * D), // the first instant of the window
      ev('deploy', 30 * D + 1), // just before it
      ev('deploy', 0), // now: the window's end is open
      ev('deploy', D, undefined, 'other-repo'),
      ev('deploy', 2 * D, undefined, 'ALL'),
    ];
    expect(doraKeys(events, 'engine', 30, NOW).deploymentFrequency.deploys).toBe(2);
    expect(doraKeys(events, 'ALL', 30, NOW).deploymentFrequency.deploys).toBe(3);
  });

  it('lead time is the median from the first push of each deployed commit; a deploy of an unpushed commit is not measured', () => {
    const events = [
      ev('push', 50 * H, { commit: 'a' }),
      ev('push', 40 * H, { commit: 'a' }), // a later push of the same commit: the first one counts
      ev('deploy', 30 * H, { commit: 'a' }), // 20 h
      ev('push', 12 * H, { commit: 'b' }),
      ev('deploy', 10 * H, { commit: 'b' }), // 2 h
      ev('push', 9 * H, { commit: 'c' }),
      ev('deploy', 1 * H, { commit: 'c' }), // 8 h
      ev('deploy', 1 * H, { commit: 'never-pushed' }),
    ];
    expect(doraKeys(events, 'engine', 30, NOW).leadTimeHours).toEqual({ median: 8, measured: 3, level: 'elite' });
  });

  it('change failure rate: a failure names its deploy, or follows it before the next deploy', () => {
    const events = [
      ev('deploy', 10 * D, { deployId: 'd1' }),
      ev('deploy', 8 * D, { deployId: 'd2' }),
      ev('rollback', 7 * D, { deployId: 'd1' }), // names d1, though d2 came since
      ev('deploy', 6 * D, { deployId: 'd3' }),
      ev('incident_opened', 5 * D, { incidentId: 'i1' }), // after d3, before d4: d3 failed
      ev('deploy', 4 * D, { deployId: 'd4' }),
    ];
    expect(doraKeys(events, 'engine', 30, NOW).changeFailureRate).toEqual({
      failed: 2,
      deploys: 4,
      rate: 0.5,
      level: 'low',
    });
  });

  it('time to restore: median of incidents opened in the window and resolved; an open one is counted, not measured', () => {
    const events = [
      ev('incident_opened', 40 * D, { incidentId: 'old' }), // before the window
      ev('incident_resolved', 39 * D, { incidentId: 'old' }),
      ev('incident_opened', 10 * H, { incidentId: 'i1' }),
      ev('incident_resolved', 9.5 * H, { incidentId: 'i1' }), // 0.5 h
      ev('incident_opened', 8 * H, { incidentId: 'i2' }),
      ev('incident_resolved', 4 * H, { incidentId: 'i2' }), // 4 h
      ev('incident_opened', 2 * H, { incidentId: 'i3' }), // still open
    ];
    expect(doraKeys(events, 'engine', 30, NOW).timeToRestoreHours).toEqual({
      median: 2.25,
      restored: 2,
      open: 1,
      level: 'high',
    });
  });

  it('bands each key as the DORA report does, at the edges', () => {
    expect([1, 1 / 7, 1 / 30, 1 / 31].map(deploymentFrequencyLevel)).toEqual(['elite', 'high', 'medium', 'low']);
    expect([23.9, 24, 7 * 24, 30 * 24].map(leadTimeLevel)).toEqual(['elite', 'high', 'medium', 'low']);
    expect([0.05, 0.1, 0.15, 0.151].map(changeFailureLevel)).toEqual(['elite', 'high', 'medium', 'low']);
    expect([0.99, 1, 24, 7 * 24].map(timeToRestoreLevel)).toEqual(['elite', 'high', 'medium', 'low']);
  });
});
