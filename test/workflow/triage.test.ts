import { createAppStoreActivities } from '../../activities/app-store/activities';
import { AUTOMATION_MARKER } from '../../domain/ticket-notes';
import { TRIAGE_TITLE } from '../../domain/triage';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { triage } from '../../workflows';
import type { TriageInput } from '../../workflows/triage/triage';
import { useWorkflowTestEnv, withWorkers } from '../helpers/time-skipping';
import { FakeBruin, FakeVelocloud, recordingNotifier } from '../helpers/fake-vendors';

const HOST = 'mettel.velocloud.net';
const CLIENT = '9994';
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const triageNote = (text = 'Edge: earlier') => `${AUTOMATION_MARKER}\n${TRIAGE_TITLE}\n${text}`;

describe('triage workflow (time-skipping server)', () => {
  const ctx = useWorkflowTestEnv();

  /** `n` open tickets of CLIENT, one per edge 100.., every edge in the customer cache. */
  function fleet(n: number) {
    const bruin = new FakeBruin();
    const velocloud = new FakeVelocloud();
    for (let i = 0; i < n; i++) {
      velocloud.edges.push({
        host: HOST,
        enterpriseId: 1,
        edgeId: 100 + i,
        serialNumber: `VC${1000 + i}`,
        clientId: CLIENT,
        up: false,
      });
      bruin.seed({ ticketId: String(500 + i), clientId: CLIENT, serviceNumber: `VC${1000 + i}`, status: 'InProgress' });
    }
    return { bruin, velocloud };
  }

  async function run(
    bruin: FakeBruin,
    velocloud: FakeVelocloud,
    input: Partial<TriageInput> = {},
    extraCache: Array<{ serialNumber: string; clientId: string }> = [],
  ) {
    const store = new SqliteAppStore(':memory:');
    await store.stageCustomerCache('velocloud', 'g1', [
      ...velocloud.edges.map((e) => ({
        serialNumber: e.serialNumber,
        clientId: e.clientId,
        host: e.host,
        enterpriseId: e.enterpriseId,
        edgeId: e.edgeId,
      })),
      ...extraCache,
    ]);
    await store.commitCustomerCache('velocloud', 'g1', iso(Date.now()));
    const slack: string[] = [];
    const workflowId = `triage-${Math.random().toString(36).slice(2)}`;
    const args: TriageInput = { clientIds: [CLIENT], notes: 'append', timeZone: 'America/New_York', ...input };
    const result = await withWorkers(
      ctx,
      {
        orchestration: createAppStoreActivities(store),
        bruin: bruin.activities(),
        velocloud: velocloud.activities(),
        notifier: recordingNotifier(slack),
      },
      () => ctx.env.client.workflow.execute(triage, { taskQueue: 'orchestration', workflowId, args: [args] }),
    );
    await store.close();
    return { result, slack, workflowId };
  }

  it("first triage: the last 7 days of the edge's events, as notes with the marker", async () => {
    const now = await ctx.env.currentTimeMs();
    const { bruin, velocloud } = fleet(1);
    velocloud.events = [
      {
        edgeId: 100,
        eventTime: iso(now - 8 * 24 * 60 * MIN),
        event: 'EDGE_DOWN',
        message: 'too old: outside the 7 days',
      },
      {
        edgeId: 100,
        eventTime: iso(now - 2 * 60 * MIN),
        event: 'LINK_DEAD',
        message: 'Link GE1 is no longer transmitting',
      },
      { edgeId: 100, eventTime: iso(now - 60 * MIN), event: 'EDGE_DOWN', message: 'Edge is down' },
    ];
    const { result, workflowId } = await run(bruin, velocloud);
    // The page's notes are read in one activity, and the ticket's notes written in one.
    const history = (await ctx.env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const scheduled = (type: string) =>
      history.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === type).length;
    expect(
      ['triagePlans', 'ticketNotes', 'edgeEvents', 'appendTicketNotes', 'appendTicketNote'].map(scheduled),
    ).toEqual([1, 0, 1, 1, 0]);
    expect(result).toMatchObject({
      ticketsSeen: 1,
      discarded: 0,
      firstTriage: 1,
      updated: 0,
      notesAppended: 1,
      failed: 0,
      runs: 1,
      customerCache: 'ok',
    });
    expect(bruin.notes).toHaveLength(1);
    const [note] = bruin.notes;
    expect(note.ticketId).toBe('500');
    expect(note.note.startsWith(`${AUTOMATION_MARKER}\n${TRIAGE_TITLE}\nEdge: edge-100 (serial VC1000)`)).toBe(true);
    expect(note.note).toContain('LINK_DEAD [ERROR]\n  Link GE1 is no longer transmitting');
    expect(note.note).toContain('EDGE_DOWN [ERROR]\n  Edge is down');
    expect(note.note).not.toContain('too old');
    const [query] = velocloud.eventQueries;
    expect(Date.parse(query.end) - Date.parse(query.start)).toBe(7 * 24 * 60 * MIN);
  });

  it("an engine-opened ticket (only the outage recheck's note) gets the 7-day look-back, not just the events since that note", async () => {
    const now = await ctx.env.currentTimeMs();
    const { bruin, velocloud } = fleet(1);
    bruin.notes.push({
      ticketId: '500',
      note: triageNote('Outage detected: edge offline\nEdge: edge-100 (serial VC1000)'),
      createdDate: iso(now - 60 * MIN),
    });
    velocloud.events = [
      { edgeId: 100, eventTime: iso(now - 3 * 24 * 60 * MIN), event: 'LINK_DEAD', message: 'three days ago' },
    ];
    const { result } = await run(bruin, velocloud);
    expect(result).toMatchObject({ firstTriage: 1, updated: 0, notesAppended: 1 });
    expect(bruin.notes[1].note).toContain('three days ago');
    expect(Date.parse(velocloud.eventQueries[0].end) - Date.parse(velocloud.eventQueries[0].start)).toBe(
      7 * 24 * 60 * MIN,
    );
  });

  it('a ticket Bruin listed malformed is counted and named as a failure; the page goes on', async () => {
    const now = await ctx.env.currentTimeMs();
    const { bruin, velocloud } = fleet(1);
    velocloud.events = [{ edgeId: 100, eventTime: iso(now - 60 * MIN), event: 'EDGE_DOWN', message: 'Edge is down' }];
    bruin.pageDiscards = [{ ticketId: '777', reason: 'field "serviceNumber" Invalid input' }];
    const { result } = await run(bruin, velocloud);
    expect(result).toMatchObject({ ticketsSeen: 2, firstTriage: 1, failed: 1, discarded: 0 });
    expect(result.failures).toEqual([
      { ticketId: '777', reason: 'malformed in Bruin\'s listing: field "serviceNumber" Invalid input' },
    ]);
  });

  it('a triage note 31 minutes old: new notes with only the events since it', async () => {
    const now = await ctx.env.currentTimeMs();
    const { bruin, velocloud } = fleet(1);
    const last = now - 31 * MIN;
    bruin.notes.push(
      { ticketId: '500', note: triageNote(), createdDate: iso(last) },
      { ticketId: '500', note: 'a human note', createdDate: iso(now - 5 * MIN) },
    );
    velocloud.events = [
      { edgeId: 100, eventTime: iso(last - 10 * MIN), event: 'LINK_DEAD', message: 'already in the last note' },
      { edgeId: 100, eventTime: iso(last + 5 * MIN), event: 'LINK_ALIVE', message: 'Link GE1 is now transmitting' },
      { edgeId: 100, eventTime: iso(last + 6 * MIN), event: 'EDGE_UP', message: 'Edge is up' },
    ];
    const { result } = await run(bruin, velocloud);
    expect(result).toMatchObject({ firstTriage: 0, updated: 1, notesAppended: 1 });
    expect(velocloud.eventQueries[0].start).toBe(iso(last));
    const added = bruin.notes.slice(2);
    expect(added).toHaveLength(1);
    expect(added[0].note).toContain('Link GE1 is now transmitting');
    expect(added[0].note).toContain('Edge is up');
    expect(added[0].note).not.toContain('already in the last note');
  });

  it('a triage note 10 minutes old: nothing is read from VeloCloud and nothing is written', async () => {
    const now = await ctx.env.currentTimeMs();
    const { bruin, velocloud } = fleet(1);
    bruin.notes.push({ ticketId: '500', note: triageNote(), createdDate: iso(now - 10 * MIN) });
    velocloud.events = [{ edgeId: 100, eventTime: iso(now - 5 * MIN), event: 'EDGE_DOWN', message: 'Edge is down' }];
    const { result } = await run(bruin, velocloud);
    expect(result).toMatchObject({ skippedRecent: 1, updated: 0, firstTriage: 0, notesAppended: 0 });
    expect(velocloud.eventQueries).toEqual([]);
    expect(bruin.notes).toHaveLength(1);
  });

  it("more tickets than a page: continues as new and triages every ticket exactly once; others' tickets are discarded", async () => {
    const now = await ctx.env.currentTimeMs();
    const { bruin, velocloud } = fleet(23);
    velocloud.events = velocloud.edges.map((e) => ({
      edgeId: e.edgeId,
      eventTime: iso(now - 60 * MIN),
      event: 'EDGE_DOWN',
      message: `edge ${e.edgeId} down`,
    }));
    // Not triage material: a ticket on a serial no cache knows, and one on an edge cached for another client.
    bruin.seed({ ticketId: '900', clientId: CLIENT, serviceNumber: 'NOT-AN-EDGE', status: 'InProgress' });
    bruin.seed({ ticketId: '901', clientId: CLIENT, serviceNumber: 'VC7777', status: 'New' });
    const { result, workflowId } = await run(bruin, velocloud, { pageSize: 4, pagesPerRun: 2, concurrency: 3 }, [
      { serialNumber: 'VC7777', clientId: '1234' },
    ]);
    expect(result).toMatchObject({
      ticketsSeen: 25,
      discarded: 2,
      firstTriage: 23,
      notesAppended: 23,
      failed: 0,
      pages: 7,
    });
    expect(result.runs).toBe(4); // 7 pages, 2 per run
    const perTicket = new Map<string, number>();
    for (const n of bruin.notes) perTicket.set(n.ticketId, (perTicket.get(n.ticketId) ?? 0) + 1);
    expect([...perTicket.keys()].sort()).toEqual(Array.from({ length: 23 }, (_, i) => String(500 + i)).sort());
    expect([...perTicket.values()].every((c) => c === 1)).toBe(true);
    // The last run started from the cursor the previous one carried: its history holds only its own pages.
    const lastRun = await ctx.env.client.workflow.getHandle(workflowId).fetchHistory();
    const lastRunPages = (lastRun.events ?? []).filter(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'openOutageTicketsPage',
    );
    expect(lastRunPages).toHaveLength(1);
  });

  it('Slack mode (non-production): posts what would be written and writes no note', async () => {
    const now = await ctx.env.currentTimeMs();
    const { bruin, velocloud } = fleet(2);
    velocloud.events = [{ edgeId: 101, eventTime: iso(now - 60 * MIN), event: 'EDGE_DOWN', message: 'Edge is down' }];
    const { result, slack } = await run(bruin, velocloud, { notes: 'slack' });
    expect(result).toMatchObject({
      mode: 'slack',
      firstTriage: 2,
      notesAppended: 0,
      notesWithheld: 2,
      slackSummaries: 1,
    });
    expect(bruin.notes).toEqual([]);
    expect(slack).toHaveLength(1);
    expect(slack[0]).toMatch(/dev mode: no notes written.*2 triage notes would be appended to 2 tickets/);
    expect(slack[0]).toContain('• ticket 501: 1 note, 1 events since');
    expect(slack[0]).toContain('Edge is down');
  });

  it('Bruin 429 with Retry-After: the page is asked again only after the delay Bruin gave', async () => {
    const { bruin, velocloud } = fleet(1);
    bruin.rateLimit = { next: 1, retryAfterSeconds: 90 };
    const { result } = await run(bruin, velocloud);
    expect(result).toMatchObject({ firstTriage: 1, notesAppended: 1 });
    expect(bruin.pageAttempts).toBe(2);
    // On the server's (skipped) clock, the ticket's next call came Retry-After later; the policy alone would wait 1 s.
    const [firstPage, notes] = [
      bruin.scheduledAt.find((c) => c.call === 'page')!,
      bruin.scheduledAt.find((c) => c.call === 'notes')!,
    ];
    expect(notes.at - firstPage.at).toBeGreaterThanOrEqual(90_000);
  });

  it('a ticket whose Bruin notes cannot be read fails alone, named in the result', async () => {
    const { bruin, velocloud } = fleet(3);
    bruin.brokenNotes.set('501', 'ticketNotes.0.createdDate');
    const { result } = await run(bruin, velocloud);
    expect(result).toMatchObject({ firstTriage: 2, failed: 1, notesAppended: 2 });
    expect(result.failures).toEqual([
      { ticketId: '501', reason: expect.stringContaining('ticketNotes.0.createdDate') },
    ]);
  });
});
