import { MockActivityEnvironment } from '@temporalio/testing';
import type { BruinActivities } from '../../../activities/bruin/activities';
import type { OutageTicketStepResult } from '../../../activities/processes/outage';
import { isOutageNote, outageNote } from '../../../domain/outage';
import { sandboxVendorActivities, useTestSandbox } from '../../helpers/sandbox';

/** The outage ticket step (one Bruin activity) against the sandbox, and its retries from every crash window. */
describe('raiseOutageTicketOnce against the sandbox', () => {
  const sb = useTestSandbox();
  let bruin: BruinActivities;
  beforeAll(() => {
    ({ bruin } = sandboxVendorActivities(sb));
  });

  const since = new Date().toISOString();
  const noteOf = (serial: string, at = since) =>
    outageNote(
      {
        host: 'mettel.velocloud.net',
        enterpriseId: 1,
        edgeId: 7,
        name: 'Edge 7',
        serialNumber: serial,
        clientId: '9994',
        edgeState: 'OFFLINE',
        links: [],
      },
      { outage: true, reason: 'edge-offline', disconnectedLinks: [] },
      at,
    );
  /** Attempt `attempt` of the step for serial VC<id> of client 9994. */
  const step = (id: number, attempt = 1, note = noteOf(`VC${id}`)) =>
    new MockActivityEnvironment({ attempt, scheduledTimestampMs: Date.parse(since) }).run(bruin.raiseOutageTicketOnce, {
      clientId: '9994',
      serviceNumber: `VC${id}`,
      note,
      since,
    }) as Promise<OutageTicketStepResult>;
  const seed = (id: number, ticketStatus: string, createDate = '2026-11-20T10:00:00Z') =>
    sb.call('POST', '/_sandbox/bruin/tickets', {
      id: String(id),
      clientID: 9994,
      serviceNumber: `VC${id}`,
      category: 'VOO',
      ticketStatus,
      createDate,
    });
  const ticketsOf = async (id: number) =>
    (await bruin.openOutageTickets({ serviceNumber: `VC${id}` })).concat(
      await bruin.resolvedOutageTickets({ serviceNumber: `VC${id}` }),
    );
  const notesOn = async (ticketId: string) => (await bruin.ticketNotes({ ticketId })).map((n) => n.noteValue);

  it('creates and notes a new ticket; a retry after a lost answer finds it and writes nothing', async () => {
    const first = await step(700);
    expect(first.outcome).toBe('ticket-created');
    expect(await step(700, 2)).toEqual(first);
    expect(await ticketsOf(700)).toHaveLength(1);
    expect(await notesOn(first.ticketId)).toEqual([noteOf('VC700')]);
  });

  it('a create Bruin accepted before the worker died: the retry notes that ticket as its own', async () => {
    const { ticketId } = await bruin.createOutageTicket({ clientId: '9994', serviceNumber: 'VC701' });
    expect(await step(701, 2)).toEqual({ outcome: 'ticket-created', ticketId });
    expect(await notesOn(ticketId)).toEqual([noteOf('VC701')]);
  });

  it('a resolved ticket is noted, then reopened; a retry from between the two does not note it twice', async () => {
    await seed(702, 'Resolved');
    expect(await step(702)).toEqual({ outcome: 'ticket-unresolved', ticketId: '702' });
    expect(await step(702, 2)).toEqual({ outcome: 'ticket-unresolved', ticketId: '702' });
    expect(await notesOn('702')).toEqual([noteOf('VC702')]);

    // The worker died after the note, before the reopen: the retry reopens it and writes no second note.
    await seed(703, 'Resolved');
    await new MockActivityEnvironment().run(bruin.appendTicketNote, { ticketId: '703', note: noteOf('VC703') });
    expect(await step(703, 2)).toEqual({ outcome: 'ticket-unresolved', ticketId: '703' });
    expect((await ticketsOf(703)).map((t) => t.status)).toEqual(['InProgress']);
    expect(await notesOn('703')).toEqual([noteOf('VC703')]);
  });

  it("leaves someone's in-progress ticket alone: an older one, or a new one carrying another run's outage note", async () => {
    await seed(704, 'InProgress');
    expect(await step(704)).toEqual({ outcome: 'ticket-in-progress', ticketId: '704' });
    expect(await notesOn('704')).toEqual([]);

    await seed(705, 'InProgress', new Date().toISOString());
    const other = noteOf('VC705', '2026-11-25T00:00:00.000Z');
    expect(isOutageNote(other)).toBe(true);
    await new MockActivityEnvironment().run(bruin.appendTicketNote, { ticketId: '705', note: other });
    expect(await step(705)).toEqual({ outcome: 'ticket-in-progress', ticketId: '705' });
    expect(await notesOn('705')).toEqual([other]);
  });
});
