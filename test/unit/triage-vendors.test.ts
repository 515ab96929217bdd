import { MockActivityEnvironment } from '@temporalio/testing';
import type { BruinActivities } from '../../activities/bruin/activities';
import type { VelocloudActivities } from '../../activities/velocloud/activities';
import { AUTOMATION_MARKER } from '../../domain/ticket-notes';
import { sandboxVendorActivities, startTestSandbox, type TestSandbox } from '../helpers/sandbox';

import { failureOf } from '../helpers/env';
describe('triage vendor calls against the sandbox: Bruin ticket pages and notes, VeloCloud events', () => {
  let sb: TestSandbox;
  let bruin: BruinActivities;
  let velocloud: VelocloudActivities;
  type Appended = Awaited<ReturnType<BruinActivities['appendTicketNote']>>;
  /** appendTicketNote as attempt N of an activity first scheduled at `scheduledTimestampMs`. */
  const append = (
    input: { ticketId: string; note: string },
    info: { attempt?: number; scheduledTimestampMs?: number } = {},
  ) => new MockActivityEnvironment(info).run(bruin.appendTicketNote, input) as Promise<Appended>;

  beforeAll(async () => {
    sb = await startTestSandbox('demo');
    ({ bruin, velocloud } = sandboxVendorActivities(sb));
  });
  afterAll(async () => {
    await sb.close();
  });
  beforeEach(async () => {
    await sb.call('POST', '/_sandbox/reset', { scenario: 'demo' });
    sb.sandbox.eventPageLimit = 2048;
  });

  const ticket = (id: number, clientID: number, ticketStatus: string) =>
    sb.call('POST', '/_sandbox/bruin/tickets', {
      id: String(id),
      clientID,
      serviceNumber: `VC${id}`,
      category: 'VOO',
      ticketStatus,
      createDate: '2026-11-20T10:00:00Z',
    });

  it("pages a client's open outage tickets by ticket ID; a ticket resolved meanwhile does not shift later pages", async () => {
    for (const id of [107, 101, 103, 102, 105, 106, 104]) await ticket(id, 9994, 'InProgress');
    await ticket(108, 9994, 'Resolved');
    await ticket(109, 7311, 'New');
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
    await ticket(200, 9994, 'InProgress');
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
    await ticket(300, 9994, 'InProgress');
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

  it('reads every event of an interval even when VeloCloud answers in capped parts', async () => {
    for (let i = 0; i < 5; i++) {
      await sb.call('POST', '/_sandbox/velocloud/events', {
        id: `mettel.velocloud.net/1/${100 + i}`,
        host: 'mettel.velocloud.net',
        enterpriseId: 1,
        edgeId: 101,
        edgeName: 'acme-hq',
        eventTime: `2026-11-22T10:0${i}:00.000Z`,
        event: i % 2 ? 'LINK_ALIVE' : 'LINK_DEAD',
        category: 'NETWORK',
        severity: i % 2 ? 'NOTICE' : 'ERROR',
        message: `event ${i}`,
      });
    }
    sb.sandbox.eventPageLimit = 2;
    const events = await velocloud.edgeEvents({
      host: 'mettel.velocloud.net',
      enterpriseId: 1,
      edgeId: 101,
      start: '2026-11-16T00:00:00Z',
      end: '2026-11-23T00:00:00Z',
    });
    expect(events.map((e) => e.message)).toEqual([
      'Link GE2 is no longer transmitting',
      'Link GE2 is now transmitting',
      'event 0',
      'event 1',
      'event 2',
      'event 3',
      'event 4',
    ]);
  });
});
