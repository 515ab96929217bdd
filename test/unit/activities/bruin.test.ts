import { MockActivityEnvironment } from '@temporalio/testing';
import type { BruinActivities } from '../../../activities/bruin/activities';
import { AUTOMATION_MARKER, autoResolveNote } from '../../../domain/ticket-notes';
import { DEFAULT_TRIAGE_RULES, TRIAGE_TITLE } from '../../../domain/triage';
import { failureOf } from '../../helpers/env';
import { sandboxVendorActivities, useTestSandbox } from '../../helpers/sandbox';

describe('Bruin activities against the sandbox: inventory, outage tickets (paged), notes, task history', () => {
  const sb = useTestSandbox();
  let bruin: BruinActivities;
  type Appended = Awaited<ReturnType<BruinActivities['appendTicketNote']>>;
  /** appendTicketNote as attempt N of an activity first scheduled at `scheduledTimestampMs`. */
  const append = (
    input: { ticketId: string; note: string },
    info: { attempt?: number; scheduledTimestampMs?: number } = {},
  ) => new MockActivityEnvironment(info).run(bruin.appendTicketNote, input) as Promise<Appended>;
  /** An outage ticket of `clientID` on service number VC<id>. */
  const clientTicket = (id: number, clientID: number, ticketStatus: string) =>
    sb.call('POST', '/_sandbox/bruin/tickets', {
      id: String(id),
      clientID,
      serviceNumber: `VC${id}`,
      category: 'VOO',
      ticketStatus,
      createDate: '2026-11-20T10:00:00Z',
    });
  const ticket = (id: string, extra: Record<string, unknown>) =>
    sb.call('POST', '/_sandbox/bruin/tickets', {
      id,
      clientID: 9994,
      serviceNumber: 'VC05200028729',
      category: 'VOO',
      ticketStatus: 'InProgress',
      createDate: '2026-11-20T10:00:00Z',
      ...extra,
    });

  beforeAll(() => {
    ({ bruin } = sandboxVendorActivities(sb));
  });

  it('clientsForSerials heartbeats every answer and a retry asks Bruin only for the serials not answered yet', async () => {
    const first = new MockActivityEnvironment();
    const beats: unknown[] = [];
    first.on('heartbeat', (d: unknown) => beats.push(d));
    const serialNumbers = ['VC05200039471', 'VC-NOBODY'];
    expect(await first.run(bruin.clientsForSerials, { serialNumbers })).toEqual({ VC05200039471: '9994' });
    expect(beats.at(-1)).toEqual({ done: { VC05200039471: '9994', 'VC-NOBODY': null } });

    // A failed lookup does not stop the others: with half the calls failing, the answers got are heartbeated.
    await sb.call('POST', '/_sandbox/faults', { vendor: 'bruin', errorRate: 0.5, statusCode: 503 });
    const many = Array.from({ length: 20 }, (_, i) => `VC-MANY-${i}`);
    const flaky = new MockActivityEnvironment();
    let progress: { done: Record<string, string | null> } = { done: {} };
    flaky.on('heartbeat', (d: typeof progress) => (progress = d));
    const failed = await failureOf(flaky.run(bruin.clientsForSerials, { serialNumbers: many }) as Promise<unknown>);
    const answered = Object.keys(progress.done).length;
    expect(answered).toBeGreaterThan(1);
    expect(failed.message).toMatch(new RegExp(`^clientsForSerials: ${20 - answered} of 20 calls failed`));

    // Bruin now fails every call: a retry whose heartbeat holds every answer needs none.
    await sb.call('POST', '/_sandbox/faults', { vendor: 'bruin', errorRate: 1, statusCode: 503 });
    try {
      const retry = new MockActivityEnvironment({ attempt: 2, heartbeatDetails: beats.at(-1) });
      expect(await retry.run(bruin.clientsForSerials, { serialNumbers })).toEqual({ VC05200039471: '9994' });
      // One serial not answered yet: that one is asked for (and fails, retryably, counted), the rest is not.
      const partial = new MockActivityEnvironment({ attempt: 2, heartbeatDetails: { done: { 'VC-NOBODY': null } } });
      await expect(partial.run(bruin.clientsForSerials, { serialNumbers })).rejects.toMatchObject({
        type: 'VendorUnavailableError',
        nonRetryable: false,
        message: expect.stringMatching(
          /^clientsForSerials: 1 of 2 calls failed \(first: .*503.*\); the retry resumes with those$/,
        ),
      });
    } finally {
      await sb.call('DELETE', '/_sandbox/faults');
    }
  });

  it('creates an outage ticket once; Bruin then answers in-progress, and after resolving, resolved', async () => {
    const created = await bruin.createOutageTicket({ clientId: '9994', serviceNumber: 'VC05200039471' });
    expect(created.outcome).toBe('created');
    expect(await bruin.createOutageTicket({ clientId: '9994', serviceNumber: 'VC05200039471' })).toEqual({
      outcome: 'in-progress-exists',
      ticketId: created.ticketId,
    });
    expect((await bruin.openOutageTickets({ clientId: '9994' })).map((t) => t.ticketId)).toEqual([created.ticketId]);
    expect((await bruin.openOutageTickets({ serviceNumber: 'VC05200039471' })).map((t) => t.ticketId)).toEqual([
      created.ticketId,
    ]);
    await bruin.resolveOutageTicket({ ticketId: created.ticketId, serviceNumber: 'VC05200039471' });
    expect((await bruin.resolvedOutageTickets({ serviceNumber: 'VC05200039471' })).map((t) => t.ticketId)).toEqual([
      created.ticketId,
    ]);
    expect((await failureOf(bruin.openOutageTickets({}))).message).toMatch(/give "clientId" or "serviceNumber"/);
    expect(await bruin.createOutageTicket({ clientId: '9994', serviceNumber: 'VC05200039471' })).toEqual({
      outcome: 'resolved-exists',
      ticketId: created.ticketId,
    });
    await bruin.unresolveOutageTicket({ ticketId: created.ticketId, serviceNumber: 'VC05200039471' });
    const note = (await new MockActivityEnvironment().run(bruin.appendTicketNote, {
      ticketId: created.ticketId,
      note: `${AUTOMATION_MARKER}\nEdge offline`,
    })) as Awaited<ReturnType<BruinActivities['appendTicketNote']>>;
    const state = (await sb.call('GET', '/_sandbox/state')).json as {
      vendors: {
        bruin: {
          tickets: Record<string, { ticketStatus: string }>;
          notes: Record<string, { ticketId: string; noteValue: string }>;
        };
      };
    };
    expect(state.vendors.bruin.tickets[created.ticketId].ticketStatus).toBe('InProgress');
    expect(state.vendors.bruin.notes[note.noteId]).toMatchObject({
      ticketId: created.ticketId,
      noteValue: `${AUTOMATION_MARKER}\nEdge offline`,
    });
  });

  it('a dispatch note once: written, then found by its identifying lines (a retry or a second run writes nothing)', async () => {
    const note = `${AUTOMATION_MARKER}\nDispatch Management - Dispatch Confirmed\nDispatch Number: S-1\nAt 10:00`;
    const run = (n: string) =>
      new MockActivityEnvironment().run(bruin.appendDispatchNoteOnce, { ticketId: '4694962', note: n });
    expect(await run(note)).toBe('written');
    // The same event's note with a later line changed is the same note.
    expect(await run(note.replace('At 10:00', 'At 10:05'))).toBe('already-there');
    const notes = await bruin.ticketNotes({ ticketId: '4694962' });
    expect(notes.filter((n) => n.noteValue?.includes('Dispatch Number: S-1'))).toHaveLength(1);
  });

  it('refuses notes without the marker or of 1,500 characters or more, before calling Bruin', async () => {
    expect(await failureOf(bruin.appendTicketNote({ ticketId: '1', note: 'hello' }))).toMatchObject({
      type: 'InvalidInputError',
      nonRetryable: true,
    });
    const long = await failureOf(
      bruin.appendTicketNote({ ticketId: '1', note: `${AUTOMATION_MARKER}${'x'.repeat(1500)}` }),
    );
    expect(long.message).toMatch(/field "note" is 1516 characters; at most 1499/);
    // Bruin refuses 1,500 or more (seed 002): exactly 1,500 is refused too.
    const exactly1500 = await failureOf(
      bruin.appendTicketNote({
        ticketId: '1',
        note: `${AUTOMATION_MARKER}${'x'.repeat(1500 - AUTOMATION_MARKER.length)}`,
      }),
    );
    expect(exactly1500.message).toMatch(/is 1500 characters; at most 1499/);
  });

  it("pages a client's open outage tickets by ticket ID; a ticket resolved meanwhile does not shift later pages", async () => {
    for (const id of [107, 101, 103, 102, 105, 106, 104]) await clientTicket(id, 9994, 'InProgress');
    await clientTicket(108, 9994, 'Resolved');
    await clientTicket(109, 7311, 'New');
    const first = await bruin.openOutageTicketsPage({ clientId: '9994', pageSize: 3 });
    expect(first.tickets.map((t) => t.ticketId)).toEqual(['101', '102', '103']);
    expect(first.tickets[0]).toMatchObject({
      clientId: '9994',
      serviceNumber: 'VC101',
      status: 'InProgress',
      createDate: '2026-11-20T10:00:00Z',
    });
    expect(first.nextCursor).toBe('103');
    await sb.call('PATCH', '/_sandbox/bruin/tickets/102', { ticketStatus: 'Resolved' });
    const second = await bruin.openOutageTicketsPage({ clientId: '9994', pageSize: 3, cursor: first.nextCursor });
    expect(second.tickets.map((t) => t.ticketId)).toEqual(['104', '105', '106']);
    const last = await bruin.openOutageTicketsPage({ clientId: '9994', pageSize: 3, cursor: second.nextCursor });
    expect(last).toMatchObject({ tickets: [{ ticketId: '107' }], nextCursor: null });
  });

  it('a malformed ticket in a page is discarded with its reason; the rest of the page goes on', async () => {
    for (const id of [201, 202, 203]) await clientTicket(id, 9994, 'InProgress');
    await sb.call('PATCH', '/_sandbox/bruin/tickets/202', { serviceNumber: null });
    // In an activity context: the discard is logged (ticket ID and reason) through the activity logger.
    const page = (await new MockActivityEnvironment().run(bruin.openOutageTicketsPage, {
      clientId: '9994',
      pageSize: 10,
    })) as Awaited<ReturnType<typeof bruin.openOutageTicketsPage>>;
    expect(page.tickets.map((t) => t.ticketId)).toEqual(['201', '203']);
    expect(page.discards).toEqual([{ ticketId: '202', reason: expect.stringMatching(/^field "serviceNumber" /) }]);
  });

  it('refuses bad paging input before calling Bruin; the sandbox answers 400 with the reason', async () => {
    expect(await failureOf(bruin.openOutageTicketsPage({ clientId: '9994', pageSize: 0 }))).toMatchObject({
      type: 'InvalidInputError',
      message: expect.stringContaining('"pageSize"'),
    });
    expect(await failureOf(bruin.openOutageTicketsPage({ clientId: '', pageSize: 10 }))).toMatchObject({
      type: 'InvalidInputError',
      message: expect.stringContaining('"clientId"'),
    });
    const res = await fetch(`${sb.base}/bruin/api/Ticket?clientId=9994&pageSize=10&cursor=abc`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: 'cursor must be a ticket ID from a previous page' });
  });

  it("reads a ticket's notes with their creation instants; a malformed instant fails naming the field", async () => {
    await clientTicket(200, 9994, 'InProgress');
    const note = `${AUTOMATION_MARKER}\nTriage (VeloCloud)\nEdge: x`;
    const written = await append({ ticketId: '200', note });
    const notes = await bruin.ticketNotes({ ticketId: '200' });
    expect(notes).toEqual([{ noteId: written.noteId, noteValue: note, createdDate: written.createdDate }]);
    await sb.call('PATCH', `/_sandbox/bruin/notes/${written.noteId}`, { createdDate: 'yesterday' });
    const broken = await failureOf(bruin.ticketNotes({ ticketId: '200' }));
    expect(broken).toMatchObject({
      type: 'VendorContractError',
      nonRetryable: true,
      message: expect.stringContaining('field "ticketNotes.0.createdDate" is not a date-time'),
    });
    expect(await failureOf(bruin.ticketNotes({ ticketId: '12; DROP' }))).toMatchObject({ type: 'InvalidInputError' });
  });

  it('a retried note append finds the note its timed-out attempt wrote, and does not write it twice', async () => {
    await clientTicket(300, 9994, 'InProgress');
    const note = `${AUTOMATION_MARKER}\nTriage (VeloCloud)\nEdge: retried`;
    const firstScheduled = Date.now();
    const first = await append({ ticketId: '300', note }, { attempt: 1, scheduledTimestampMs: firstScheduled });
    // Attempt 2 of the same activity (attempt 1's answer was lost): same note, nothing new written.
    const retry = await append({ ticketId: '300', note }, { attempt: 2, scheduledTimestampMs: firstScheduled });
    expect(retry).toEqual(first);
    // A different note on a retry is written; so is the same text by a later activity (a new first attempt).
    await append({ ticketId: '300', note: `${note} 2` }, { attempt: 2, scheduledTimestampMs: firstScheduled });
    await append({ ticketId: '300', note }, { attempt: 1, scheduledTimestampMs: Date.now() });
    expect((await bruin.ticketNotes({ ticketId: '300' })).map((n) => n.noteValue)).toEqual([note, `${note} 2`, note]);
  });

  it("an edge down and up twice: the second cycle's retried auto-resolve note is written, not mistaken for the first's (issue 11 item 2)", async () => {
    await clientTicket(301, 9994, 'InProgress');
    // Cycle A writes its note; minutes later cycle B resolves the same ticket again, and its first attempt's answer is lost.
    await append(
      { ticketId: '301', note: autoResolveNote('VC301', 'outage-monitor-A') },
      { attempt: 1, scheduledTimestampMs: Date.now() },
    );
    const scheduledB = Date.now();
    const noteB = autoResolveNote('VC301', 'outage-monitor-B');
    await append({ ticketId: '301', note: noteB }, { attempt: 2, scheduledTimestampMs: scheduledB });
    await append({ ticketId: '301', note: noteB }, { attempt: 3, scheduledTimestampMs: scheduledB });
    const notes = (await bruin.ticketNotes({ ticketId: '301' })).map((n) => n.noteValue);
    expect(notes).toEqual([autoResolveNote('VC301', 'outage-monitor-A'), noteB]);
  });

  it("reads a ticket's task history oldest first and the next results Bruin offers", async () => {
    await ticket('300', {
      taskHistory: [
        { TaskName: 'Holmdel NOC Investigate', TaskResult: null, CreatedDate: '2026-11-21T10:00:00Z' },
        {
          TaskName: 'Ticket Created',
          TaskResult: 'Done',
          CreatedDate: '2026-11-20T10:00:00Z',
          ClosedDate: '2026-11-20T10:01:00Z',
        },
      ],
      currentTaskName: 'Holmdel NOC Investigate',
      nextResults: [
        { resultTypeId: 1, resultName: 'Wait for Customer' },
        { resultTypeId: 2, resultName: 'Request Site Access' },
      ],
    });
    expect((await bruin.ticketTaskHistory({ ticketId: '300' })).map((t) => t.taskName)).toEqual([
      'Ticket Created',
      'Holmdel NOC Investigate',
    ]);
    expect(await bruin.nextActions({ ticketId: '300', serviceNumber: 'VC05200028729' })).toEqual({
      currentTask: 'Holmdel NOC Investigate',
      offered: ['Wait for Customer', 'Request Site Access'],
    });
    await sb.call('PATCH', '/_sandbox/bruin/tickets/300', { taskHistory: [{ TaskName: 'x', CreatedDate: 'soon' }] });
    expect(await failureOf(bruin.ticketTaskHistory({ ticketId: '300' }))).toMatchObject({
      type: 'VendorContractError',
      message: expect.stringContaining('field "result.0.CreatedDate"'),
    });
  });

  it("pages a client's tickets closed within a window", async () => {
    await ticket('401', { ticketStatus: 'Closed', closeDate: '2026-11-22T10:00:00Z' });
    await ticket('402', { ticketStatus: 'Closed', closeDate: '2026-11-22T23:59:00Z' });
    await ticket('403', { ticketStatus: 'Closed', closeDate: '2026-11-23T00:00:00Z' }); // the next day: outside
    await ticket('404', { ticketStatus: 'Closed', closeDate: '2026-11-22T12:00:00Z' });
    const first = await bruin.closedOutageTicketsPage({
      clientId: '9994',
      from: '2026-11-22T00:00:00Z',
      to: '2026-11-23T00:00:00Z',
      pageSize: 2,
    });
    expect(first).toMatchObject({ tickets: [{ ticketId: '401' }, { ticketId: '402' }], nextCursor: '402' });
    expect(
      await bruin.closedOutageTicketsPage({
        clientId: '9994',
        from: '2026-11-22T00:00:00Z',
        to: '2026-11-23T00:00:00Z',
        pageSize: 2,
        cursor: first.nextCursor,
      }),
    ).toMatchObject({ tickets: [{ ticketId: '404' }], nextCursor: null });
    expect(
      await failureOf(
        bruin.closedOutageTicketsPage({
          clientId: '9994',
          from: '2026-11-23T00:00:00Z',
          to: '2026-11-22T00:00:00Z',
          pageSize: 2,
        }),
      ),
    ).toMatchObject({ type: 'InvalidInputError' });
  });

  it("plans a page's triage in one activity from each ticket's notes; a ticket Bruin answers broken fails alone", async () => {
    for (const id of [310, 311, 312]) await clientTicket(id, 9994, 'InProgress');
    await append({ ticketId: '311', note: `${AUTOMATION_MARKER}\n${TRIAGE_TITLE}\nEdge: e311` });
    const broken = await append({ ticketId: '312', note: `${AUTOMATION_MARKER}\nanything` });
    await sb.call('PATCH', `/_sandbox/bruin/notes/${broken.noteId}`, { createdDate: 'yesterday' });
    const nowMs = Date.now();
    const plans = (await new MockActivityEnvironment().run(bruin.triagePlans, {
      ticketIds: ['310', '311', '312'],
      nowMs,
      rules: DEFAULT_TRIAGE_RULES,
    })) as Awaited<ReturnType<BruinActivities['triagePlans']>>;
    expect(plans).toEqual([
      {
        ticketId: '310',
        plan: {
          kind: 'first',
          interval: { start: new Date(nowMs - 7 * 86_400_000).toISOString(), end: new Date(nowMs).toISOString() },
        },
      },
      { ticketId: '311', plan: { kind: 'skip', lastTriageAt: expect.any(String) } },
      { ticketId: '312', failed: expect.stringMatching(/^VendorContractError: .*createdDate/) },
    ]);
  });

  it("appends a ticket's notes in order in one activity; a retry writes only what its earlier attempt did not", async () => {
    await clientTicket(320, 9994, 'InProgress');
    const notes = [1, 2].map((n) => `${AUTOMATION_MARKER}\n${TRIAGE_TITLE}\npart ${n}`);
    const scheduledTimestampMs = Date.now();
    await append({ ticketId: '320', note: notes[0] }, { attempt: 1, scheduledTimestampMs }); // attempt 1 died after one
    await new MockActivityEnvironment({ attempt: 2, scheduledTimestampMs }).run(bruin.appendTicketNotes, {
      ticketId: '320',
      notes,
    });
    expect((await bruin.ticketNotes({ ticketId: '320' })).map((n) => n.noteValue)).toEqual(notes);
  });
});
