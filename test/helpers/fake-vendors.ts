import { ApplicationFailure } from '@temporalio/common';
import type { BruinActivities, CreateOutageTicketResult, OutageTicket } from '../../activities/bruin/activities';
import type { EdgeReading, VelocloudActivities } from '../../activities/velocloud/activities';
import type { NotifierActivities } from '../../activities/notifier/activities';
import type { DigiActivities } from '../../activities/digi/activities';

interface FakeTicket { ticketId: string; clientId: string; serviceNumber: string; status: OutageTicket['status'] }

/** An in-memory Bruin that behaves like Bruin: it refuses duplicate outage tickets (409 / 471). */
export class FakeBruin {
  tickets: FakeTicket[] = [];
  notes: Array<{ ticketId: string; note: string }> = [];
  calls: string[] = [];
  /** Fail the next N createOutageTicket calls with a 503 before doing anything. */
  failNextCreates = 0;
  private next = 1000;

  seed(ticket: Omit<FakeTicket, 'ticketId'> & { ticketId?: string }): string {
    const ticketId = ticket.ticketId ?? String(this.next++);
    this.tickets.push({ ...ticket, ticketId });
    return ticketId;
  }

  activities(): BruinActivities {
    return {
      clientInfo: async () => null,
      openOutageTickets: async ({ clientId }) => this.tickets.filter((t) => t.clientId === clientId && t.status !== 'Resolved' && t.status !== 'Closed')
        .map(({ ticketId, serviceNumber, status }) => ({ ticketId, serviceNumber, status })),
      createOutageTicket: async ({ clientId, serviceNumber }): Promise<CreateOutageTicketResult> => {
        this.calls.push(`create ${serviceNumber}`);
        if (this.failNextCreates > 0) {
          this.failNextCreates--;
          throw ApplicationFailure.create({ type: 'VendorUnavailableError', message: 'bruin POST /api/Ticket/repair answered 503' });
        }
        const mine = this.tickets.filter((t) => t.serviceNumber === serviceNumber && t.clientId === clientId);
        const open = mine.find((t) => t.status === 'New' || t.status === 'InProgress' || t.status === 'Draft');
        if (open) return { outcome: 'in-progress-exists', ticketId: open.ticketId };
        const resolved = mine.find((t) => t.status === 'Resolved');
        if (resolved) return { outcome: 'resolved-exists', ticketId: resolved.ticketId };
        return { outcome: 'created', ticketId: this.seed({ clientId, serviceNumber, status: 'InProgress' }) };
      },
      resolveOutageTicket: async ({ ticketId }) => { this.calls.push(`resolve ${ticketId}`); this.ticket(ticketId).status = 'Resolved'; },
      unresolveOutageTicket: async ({ ticketId }) => { this.calls.push(`unresolve ${ticketId}`); this.ticket(ticketId).status = 'InProgress'; },
      appendTicketNote: async ({ ticketId, note }) => { this.notes.push({ ticketId, note }); return { noteId: String(this.notes.length), createdDate: new Date().toISOString() }; },
    };
  }

  private ticket(id: string): FakeTicket {
    const t = this.tickets.find((x) => x.ticketId === id);
    if (!t) throw ApplicationFailure.create({ type: 'VendorRejectedError', message: `ticket ${id} not found`, nonRetryable: true });
    return t;
  }
}

/** An in-memory VeloCloud whose edges can change between reads (`readings` is consumed in order). */
export class FakeVelocloud {
  constructor(public readings: EdgeReading[]) {}
  reads = 0;
  activities(): VelocloudActivities {
    return {
      edgeStatus: async () => {
        this.reads++;
        return this.readings.length > 1 ? this.readings.shift()! : this.readings[0];
      },
    };
  }
}

export const down = (serialNumber: string): EdgeReading => ({ name: `edge-${serialNumber}`, serialNumber, edgeState: 'OFFLINE', links: [{ interface: 'GE1', displayName: 'GE1 ISP', state: 'DISCONNECTED' }] });
export const up = (serialNumber: string): EdgeReading => ({ name: `edge-${serialNumber}`, serialNumber, edgeState: 'CONNECTED', links: [{ interface: 'GE1', displayName: 'GE1 ISP', state: 'STABLE' }] });

/** Recording fakes for the notifier and Digi. */
export function recordingNotifier(slack: string[]): NotifierActivities {
  const ok = async () => ({ outcome: 'sent' as const, providerId: 'x', idempotencyKey: 'k' });
  return { sendEmail: ok, sendSms: ok, postSlackMessage: async (i) => { slack.push(i.text); return ok(); } };
}
export function recordingDigi(reboots: string[]): DigiActivities {
  return { rebootDevice: async ({ serial }) => { reboots.push(serial); return { status: 'rebooting' }; } };
}
