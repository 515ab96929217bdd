import { formatStory, owedStory, parseStoryArgs, storyQueries } from '../../../cli/story-command';
import { formatOwedMarks, timelineOwes } from '../../../cli/owed-story';
import type { CustomerCache } from '../../../store/customer-cache';

describe('npm run story: the arguments, the queries, the story', () => {
  it('parses an edge, a ticket or a dispatch, and refuses what could break out of a query', () => {
    expect(parseStoryArgs(['edge', 'mettel.velocloud.net/102'])).toEqual({
      kind: 'edge',
      edge: 'mettel.velocloud.net/102',
    });
    expect(parseStoryArgs(['ticket', '4694961'])).toEqual({ kind: 'ticket', ticketId: '4694961' });
    expect(parseStoryArgs(['dispatch', 'cts', 'S-147735'])).toEqual({
      kind: 'dispatch',
      vendor: 'cts',
      dispatchNumber: 'S-147735',
    });
    expect(() => parseStoryArgs(['ticket', "1' OR '1'='1"])).toThrow(/ticket ID "1' OR '1'='1" may hold only/);
    expect(() => parseStoryArgs(['dispatch', 'acme', 'X'])).toThrow(/vendor must be lit or cts/);
    expect(() => parseStoryArgs(['ticket'])).toThrow(/give the ticket ID/);
    expect(() => parseStoryArgs(['ticket', '1', '2'])).toThrow(/unexpected 2/);
    expect(() => parseStoryArgs(['router', 'x'])).toThrow(
      /an edge, a ticket, a dispatch or what is owed, not "router"/,
    );
    expect(parseStoryArgs(['owed'])).toEqual({ kind: 'owed' });
    expect(() => parseStoryArgs(['owed', 'VC1'])).toThrow(/unexpected VC1/);
  });

  it('queries by search attribute; a VeloCloud serial also by the host/edgeId the customer cache gives it', async () => {
    const cache = {
      customerCache: async () => ({
        entries: [
          {
            host: 'mettel.velocloud.net',
            enterpriseId: 1,
            edgeId: 102,
            serialNumber: 'VC05200039471',
            clientId: '9994',
          },
        ],
      }),
    } as unknown as CustomerCache;
    expect(await storyQueries({ kind: 'edge', edge: 'VC05200039471' }, cache)).toEqual([
      "EdgeId = 'VC05200039471' OR EdgeIds = 'VC05200039471'",
      "EdgeId = 'mettel.velocloud.net/102' OR EdgeIds = 'mettel.velocloud.net/102'",
    ]);
    expect(await storyQueries({ kind: 'edge', edge: 'B827EB92EB72' }, cache)).toEqual([
      "EdgeId = 'B827EB92EB72' OR EdgeIds = 'B827EB92EB72'",
    ]);
    expect(await storyQueries({ kind: 'ticket', ticketId: '4694962' })).toEqual([
      "TicketId = '4694962' OR TicketIds = '4694962'",
    ]);
    expect(await storyQueries({ kind: 'dispatch', vendor: 'lit', dispatchNumber: 'DIS1' })).toEqual([
      "Vendor = 'lit' AND DispatchNumber = 'DIS1'",
    ]);
  });

  it('tells it oldest first, with outcome, the decoded failure and the Web UI link', () => {
    const story = formatStory(
      ["TicketId = '7'"],
      [
        {
          startTime: new Date('2026-11-24T10:05:00Z'),
          type: 'dispatchTimeline',
          workflowId: 'dispatch/lit/DIS1',
          runId: 'r2',
          status: 'FAILED',
          failure: 'activity sendSms (attempt 1, not retryable)\nInvalidInputError: field "to" is invalid',
        },
        {
          startTime: new Date('2026-11-24T10:00:00Z'),
          type: 'edgeOutageRecheck',
          workflowId: 'outage-recheck/h/1',
          runId: 'r1',
          status: 'COMPLETED',
          summary: 'Recheck edge e',
          outcome: 'ticket-created',
        },
      ],
      'http://localhost:8233/namespaces/default',
    );
    expect(story.split('\n')).toEqual([
      "query: TicketId = '7'",
      '',
      '2026-11-24T10:00:00.000Z  edgeOutageRecheck  COMPLETED  outcome=ticket-created',
      '  outage-recheck/h/1: Recheck edge e',
      '  http://localhost:8233/namespaces/default/workflows/outage-recheck%2Fh%2F1/r1',
      '',
      '2026-11-24T10:05:00.000Z  dispatchTimeline  FAILED',
      '  dispatch/lit/DIS1',
      '  activity sendSms (attempt 1, not retryable)',
      '  InvalidInputError: field "to" is invalid',
      '  http://localhost:8233/namespaces/default/workflows/dispatch%2Flit%2FDIS1/r2',
    ]);
  });
});

describe('npm run story: an owed queue', () => {
  const item = {
    id: 'outage-recheck-batch/c/1/mettel.velocloud.net/102/ticket',
    step: {
      kind: 'outage-ticket' as const,
      clientId: '9994',
      serviceNumber: 'VC1',
      note: 'n',
      since: 's',
      alertDevice: 'e',
    },
    decidedBy: 'outage-recheck-batch/c/1',
    owedSince: '2026-12-02T06:00:00.000Z',
    reason: 'Bruin: VendorUnavailableError: 503',
  };
  const delivery = {
    id: item.id,
    kind: 'outage-ticket' as const,
    result: 'delivered' as const,
    outcome: 'ticket-unresolved',
    owedSince: item.owedSince,
    deliveredAt: '2026-12-02T06:20:00.000Z',
  };
  const handle = {
    query: async () => ({ owed: [item], delivered: [] }),
    result: async () => ({ subject: 'outage-ticket/VC1', delivered: [delivery] }),
  } as unknown as Parameters<typeof owedStory>[0];

  it('says what a running queue owes, since when, who decided it and why; a finished one what it delivered', async () => {
    expect(await owedStory(handle, 'RUNNING')).toBe(
      'owes 1: outage-ticket (since 2026-12-02T06:00:00.000Z, decided by outage-recheck-batch/c/1: Bruin: VendorUnavailableError: 503)',
    );
    expect(await owedStory(handle, 'COMPLETED')).toBe(
      'owed, then outage-ticket delivered (ticket-unresolved) at 2026-12-02T06:20:00.000Z',
    );
    expect(await owedStory(handle, 'TERMINATED')).toBeUndefined();
  });
});

describe('npm run story -- owed', () => {
  const now = Date.parse('2026-12-07T12:00:00Z');
  const mark = (subject: string, holder: string, minutesAgo: number) => ({
    subject,
    holder,
    since: new Date(now - minutesAgo * 60_000),
  });

  it('says when nothing is owed', () => {
    expect(formatOwedMarks([], 'http://ui', now)).toMatch(/^nothing is owed/);
  });

  it('gives each mark its age and holder, and calls out one that nothing running holds', () => {
    const text = formatOwedMarks(
      [
        {
          mark: mark('dispatch/lit/DIS1', 'dispatch/lit/DIS1', 125),
          holder: { type: 'dispatchTimeline', runId: 'r1', status: 'RUNNING', owes: 'owes 1: note confirmed' },
        },
        {
          mark: mark('ops-notice/N1', 'ops-notice/N1', 12),
          holder: { type: 'opsNotice', runId: 'r2', status: 'TERMINATED', outcome: 'owed', summary: 'Notice N1' },
        },
        { mark: mark('report/R1', 'R1', 0.5) },
      ],
      'http://ui',
      now,
    );
    expect(text.split('\n')).toEqual([
      '3 subject(s) owe side effects, oldest first (what the owed gauges count):',
      '',
      '2026-12-07T09:55:00.000Z  dispatch/lit/DIS1  owed 2 h 5 min',
      '  held by dispatchTimeline dispatch/lit/DIS1  RUNNING',
      '  owes 1: note confirmed',
      '  http://ui/workflows/dispatch%2Flit%2FDIS1/r1',
      '',
      '2026-12-07T11:48:00.000Z  ops-notice/N1  owed 12 min',
      '  held by opsNotice ops-notice/N1  TERMINATED  outcome=owed: Notice N1',
      '  nothing running will deliver it (given up when its holder ended): the owed marks check clears it',
      '  http://ui/workflows/ops-notice%2FN1/r2',
      '',
      '2026-12-07T11:59:30.000Z  report/R1  owed 0 min',
      '  held by R1, which the server does not know: the owed marks check clears this mark',
    ]);
  });

  it("names a dispatch timeline's owed SMS and notes, or says it owes nothing any more", () => {
    expect(
      timelineOwes([
        { event: 'confirmed', sms: 'owed', note: 'owed' },
        { event: 'confirmed', recipient: 'technician', sms: 'owed', note: 'none' },
        { event: 'reminder-2h', sms: 'sent', note: 'written' },
      ]),
    ).toBe('owes 3: SMS confirmed to the site contact; note confirmed; SMS confirmed to the technician');
    expect(timelineOwes([{ event: 'confirmed', sms: 'sent', note: 'written' }])).toBe(
      'owes nothing now: its mark outlived what it owed (the owed marks check clears it)',
    );
  });
});
