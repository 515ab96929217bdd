import {
  customerCacheWorkflowId,
  dispatchWorkflowId,
  hawkeyeRecheckWorkflowId,
  opsNoticeWorkflowId,
  outageRecheckBatchWorkflowId,
  parseCustomerCacheWorkflowId,
  parseOutageRecheckBatchWorkflowId,
  segmentWorkflowId,
  parseDispatchWorkflowId,
  parseHawkeyeRecheckWorkflowId,
  parseOpsNoticeWorkflowId,
  outageTicketSubject,
  owedWorkWorkflowId,
  parseOwedWorkWorkflowId,
  vasTicketSubject,
} from '../../../domain/workflow-ids';

/** Every builder with a sample input, its inverse, and an ID of another kind the inverse must refuse. */
const cases = [
  {
    build: () => opsNoticeWorkflowId('CHG-42'),
    id: 'ops-notice/CHG-42',
    parse: parseOpsNoticeWorkflowId,
    parts: { noticeId: 'CHG-42' },
  },
  {
    build: () => outageRecheckBatchWorkflowId('outage-monitor-2026-11-23T18:00:00Z', 3),
    id: 'outage-recheck-batch/outage-monitor-2026-11-23T18:00:00Z/3',
    parse: parseOutageRecheckBatchWorkflowId,
    parts: { cycleWorkflowId: 'outage-monitor-2026-11-23T18:00:00Z', batch: 3 },
  },

  {
    build: () => hawkeyeRecheckWorkflowId('B827EB0F1A2C'),
    id: 'hawkeye-recheck/B827EB0F1A2C',
    parse: parseHawkeyeRecheckWorkflowId,
    parts: { serialNumber: 'B827EB0F1A2C' },
  },
  {
    build: () => dispatchWorkflowId('cts', 'S-147735'),
    id: 'dispatch/cts/S-147735',
    parse: parseDispatchWorkflowId,
    parts: { vendor: 'cts', dispatchNumber: 'S-147735' },
  },
  {
    build: () => customerCacheWorkflowId('hawkeye', 'hawkeye-outage-monitor-2026-11-23T18:00:00Z'),
    id: 'customer-cache/hawkeye/hawkeye-outage-monitor-2026-11-23T18:00:00Z',
    parse: parseCustomerCacheWorkflowId,
    parts: { source: 'hawkeye', monitorWorkflowId: 'hawkeye-outage-monitor-2026-11-23T18:00:00Z' },
  },
  {
    build: () => owedWorkWorkflowId(outageTicketSubject('VC05200039471')),
    id: 'owed/outage-ticket/VC05200039471',
    parse: parseOwedWorkWorkflowId,
    parts: { subject: 'outage-ticket/VC05200039471' },
  },
];

describe('workflow IDs: business IDs with inverses', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s is built and parsed back', (_, c) => {
    expect(c.build()).toBe(c.id);
    expect(c.parse(c.build())).toEqual(c.parts);
  });

  it("each parser refuses every other kind's ID", () => {
    for (const c of cases) {
      for (const other of cases.filter((o) => o !== c))
        expect([c.id, other.id, c.parse(other.id)]).toEqual([c.id, other.id, undefined]);
    }
  });

  it('refuses what would make an ambiguous or unsafe ID', () => {
    expect(() => opsNoticeWorkflowId('has space')).toThrow(/must be 1-120 characters/);
    expect(() => hawkeyeRecheckWorkflowId('')).toThrow(/1-64 characters/);
    expect(() => dispatchWorkflowId('lit', 'DIS 1')).toThrow(/1-40 characters/);
    expect(() => customerCacheWorkflowId('velocloud', '')).toThrow(/empty/);
    expect(() => outageRecheckBatchWorkflowId('', 1)).toThrow(/empty/);
    expect(() => outageRecheckBatchWorkflowId('c', 0)).toThrow(/positive integer/);
    expect(() => outageTicketSubject('a/b')).toThrow(/contain no "\/"/);
    expect(() => vasTicketSubject('')).toThrow(/non-empty/);
    expect(parseOwedWorkWorkflowId('owed/report/x')).toBeUndefined();
    expect(parseOwedWorkWorkflowId(owedWorkWorkflowId(vasTicketSubject('VC1')))).toEqual({ subject: 'vas-ticket/VC1' });
    expect(parseDispatchWorkflowId('dispatch/acme/1')).toBeUndefined();
  });

  it("names a segment's recheck batches after the cycle and the segment, and reads them back", () => {
    const id = outageRecheckBatchWorkflowId('outage-monitor-2026-11-23T18:00:00Z', 3, 2);
    expect(id).toBe('outage-recheck-batch/outage-monitor-2026-11-23T18:00:00Z/2-3');
    expect(parseOutageRecheckBatchWorkflowId(id)).toEqual({
      cycleWorkflowId: 'outage-monitor-2026-11-23T18:00:00Z',
      batch: 3,
      segment: 2,
    });
    expect(segmentWorkflowId('outage-monitor-2026-11-23T18:00:00Z', 4)).toBe(
      'outage-monitor-2026-11-23T18:00:00Z/segment-4',
    );
    expect(() => outageRecheckBatchWorkflowId('c', 1, 0)).toThrow('segment must be a positive integer, got 0');
  });
});
