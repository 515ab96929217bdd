import { noteTextWritten } from '../../domain/dispatch/templates';
import type { StaleEdge } from '../../domain/reports/last-contact';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { failureForStatus, orBrokenItem } from '../../activities/vendor-errors';
import { flappingNoteStep, outageTicketStep } from '../../activities/processes/outage';
import { dampFlapping } from '../../activities/processes/edge-flaps';
import type { EdgeFlapStore } from '../../store/edge-flaps';
import type { FleetSnapshotStore } from '../../store/fleet-snapshots';
import type {
  BruinActivities,
  CreateOutageTicketResult,
  OutageTicket,
  OutageTicketPage,
} from '../../activities/bruin/activities';
import type { EdgeReading, VelocloudActivities } from '../../activities/velocloud/activities';
import type { NotifierActivities } from '../../activities/notifier/activities';
import type { DigiActivities } from '../../activities/digi/activities';
import type { HawkeyeActivities } from '../../activities/hawkeye/activities';
import type { T7Activities } from '../../activities/t7/activities';
import type { TroubleFound } from '../../domain/service-affecting';
import { countEnterprise, mergeCounts, tallyOf } from '../../domain/fleet';
import { planTriage } from '../../domain/triage';
import { createEscalationSteps } from '../../activities/processes/escalation';

interface FakeTicket {
  ticketId: string;
  clientId: string;
  serviceNumber: string;
  status: OutageTicket['status'];
  /** Outage (default) or service affecting. */
  category?: 'VOO' | 'VAS';
  /** When Bruin opened it (ISO); tickets the fake creates get the server's clock. */
  createDate?: string;
  /** TNBA: when it closed, its task names, and the next results Bruin offers. */
  closeDate?: string;
  tasks?: string[];
  offered?: string[];
}

/** An in-memory Bruin that behaves like Bruin: it refuses duplicate outage tickets (409 / 471). */
export class FakeBruin {
  tickets: FakeTicket[] = [];
  notes: Array<{ ticketId: string; note: string; createdDate: string }> = [];
  calls: string[] = [];
  /** Tickets whose notes Bruin answers broken (a contract error, not retried): ticket ID → the broken field. */
  brokenNotes = new Map<string, string>();
  /** Tickets whose note appends Bruin refuses (400, not retried). */
  refuseNotesOn = new Set<string>();
  /** Bruin refuses every open-ticket lookup of many clients (a batch failing for good). */
  refuseClientLookups = false;
  /** Answer every note append with a 503 until this server time (ms): a Bruin outage longer than the retries. */
  notesDownUntil = 0;
  /** Until then (server time), reading a ticket's notes answers 503: an outage, not a refusal. */
  notesReadDownUntil = 0;
  /** Street addresses of ticket sites, by ticket ID (a ticket not here has no address). */
  siteAddresses = new Map<string, { street: string; city: string; state: string; zip: string; country: string }>();
  /** Fail the next N createOutageTicket calls with a 503 before doing anything. */
  failNextCreates = 0;
  /** Answer the next N ticket-page calls with 429 and this Retry-After (seconds). */
  rateLimit = { next: 0, retryAfterSeconds: 0 };
  /** Ticket-page attempts, failed ones included. */
  pageAttempts = 0;
  /** Server time (the time-skipping server's clock) each call was scheduled at, in call order. */
  scheduledAt: Array<{ call: string; at: number }> = [];
  private next = 1000;

  seed(ticket: Omit<FakeTicket, 'ticketId'> & { ticketId?: string }): string {
    const ticketId = ticket.ticketId ?? String(this.next++);
    this.tickets.push({ ...ticket, ticketId });
    return ticketId;
  }

  /** Tickets the first page of a listing reports as malformed. */
  pageDiscards: Array<{ ticketId: string; reason: string }> = [];

  /** serial → client ID, what Bruin's inventory answers. */
  inventory: Record<string, string> = {};

  /** One page of already filtered, ID-ordered tickets, shaped as the real activity returns it. */
  private page(rest: FakeTicket[], pageSize: number, cursor: string | null | undefined): OutageTicketPage {
    const page = rest.slice(0, pageSize);
    return {
      // The first page carries what Bruin sent malformed (pageDiscards), as the real activity reports it.
      discards: cursor ? [] : this.pageDiscards,
      tickets: page.map((t) => ({
        ticketId: t.ticketId,
        clientId: t.clientId,
        serviceNumber: t.serviceNumber,
        status: t.status,
        createDate: t.createDate ?? '2026-11-01T00:00:00Z',
      })),
      nextCursor: rest.length > pageSize ? page[page.length - 1].ticketId : null,
    };
  }

  private openOfClients(category: 'VOO' | 'VAS', clients: Array<{ clientId: string; serialNumbers: string[] }>) {
    return clients.flatMap(({ clientId, serialNumbers }) =>
      this.openOf(category, { clientId }).filter((t) => serialNumbers.includes(t.serviceNumber)),
    );
  }

  private openOf(category: 'VOO' | 'VAS', { clientId, serviceNumber }: { clientId?: string; serviceNumber?: string }) {
    return this.tickets
      .filter(
        (t) =>
          (t.category ?? 'VOO') === category &&
          (!clientId || t.clientId === clientId) &&
          (!serviceNumber || t.serviceNumber === serviceNumber) &&
          t.status !== 'Resolved' &&
          t.status !== 'Closed',
      )
      .map(({ ticketId, serviceNumber, status, createDate }) => ({ ticketId, serviceNumber, status, createDate }));
  }

  /** Like Bruin: refuses a duplicate of the same category (409 open, 471 resolved). */
  private async create(
    category: 'VOO' | 'VAS',
    { clientId, serviceNumber }: { clientId: string; serviceNumber: string },
  ): Promise<CreateOutageTicketResult> {
    this.calls.push(`create${category === 'VAS' ? ' VAS' : ''} ${serviceNumber}`);
    if (this.failNextCreates > 0) {
      this.failNextCreates--;
      throw ApplicationFailure.create({
        type: 'VendorUnavailableError',
        message: 'bruin POST /api/Ticket/repair answered 503',
      });
    }
    const mine = this.tickets.filter(
      (t) => t.serviceNumber === serviceNumber && t.clientId === clientId && (t.category ?? 'VOO') === category,
    );
    const open = mine.find((t) => t.status === 'New' || t.status === 'InProgress' || t.status === 'Draft');
    if (open) return { outcome: 'in-progress-exists', ticketId: open.ticketId };
    const resolved = mine.find((t) => t.status === 'Resolved');
    if (resolved) return { outcome: 'resolved-exists', ticketId: resolved.ticketId };
    const createDate = new Date(Context.current().info.currentAttemptScheduledTimestampMs).toISOString();
    return {
      outcome: 'created',
      ticketId: this.seed({ clientId, serviceNumber, status: 'InProgress', category, createDate }),
    };
  }

  activities(): BruinActivities {
    const ticketNotes: BruinActivities['ticketNotes'] = async ({ ticketId }) => {
      this.scheduledAt.push({ call: 'notes', at: Context.current().info.currentAttemptScheduledTimestampMs });
      const broken = this.brokenNotes.get(ticketId);
      if (broken)
        throw ApplicationFailure.create({
          type: 'VendorContractError',
          nonRetryable: true,
          message: `bruin GET ticket details response broke the contract: field "${broken}" is not a date-time`,
        });
      if (this.notesReadDownUntil > Context.current().info.currentAttemptScheduledTimestampMs)
        throw failureForStatus('bruin', 'GET ticket details', 503, 'service unavailable');
      return this.notes
        .filter((n) => n.ticketId === ticketId)
        .map((n, i) => ({ noteId: String(i), noteValue: n.note, createdDate: n.createdDate }));
    };
    const appendTicketNote: BruinActivities['appendTicketNote'] = async ({ ticketId, note }) => {
      if (this.refuseNotesOn.has(ticketId))
        throw failureForStatus('bruin', 'POST ticket note', 400, `ticket ${ticketId} refuses notes`);
      if (this.notesDownUntil > Context.current().info.currentAttemptScheduledTimestampMs)
        throw failureForStatus('bruin', 'POST ticket note', 503, 'service unavailable');
      // Bruin stamps notes with its own clock: here, the server's (time-skipped) clock.
      const createdDate = new Date(Context.current().info.currentAttemptScheduledTimestampMs).toISOString();
      this.notes.push({ ticketId, note, createdDate });
      return { noteId: String(this.notes.length), createdDate };
    };
    return {
      ticketSite: async ({ ticketId }) => {
        this.calls.push(`site ${ticketId}`);
        return {
          ticketId: Number(ticketId),
          clientId: 9994,
          clientName: 'client',
          serviceNumber: null,
          address: this.siteAddresses.get(ticketId) ?? null,
        };
      },
      clientInfo: async ({ serviceNumber }) =>
        this.inventory[serviceNumber] ? { clientId: this.inventory[serviceNumber], clientName: 'client' } : null,
      clientsForSerials: async ({ serialNumbers }) =>
        Object.fromEntries(serialNumbers.filter((s) => this.inventory[s]).map((s) => [s, this.inventory[s]])),
      openOutageTickets: async (filter) => this.openOf('VOO', filter),
      openVasTicketsOf: async ({ clients }) => this.openOfClients('VAS', clients),
      openOutageTicketsOf: async ({ clients }) => {
        if (this.refuseClientLookups) throw failureForStatus('bruin', 'GET tickets', 400, 'lookup refused');
        return this.openOfClients('VOO', clients);
      },
      resolvedOutageTickets: async ({ clientId }) =>
        this.tickets
          .filter((t) => t.clientId === clientId && t.status === 'Resolved')
          .map(({ ticketId, serviceNumber, status }) => ({ ticketId, serviceNumber, status })),
      createOutageTicket: async (args) => this.create('VOO', args),
      createVasTicket: async (args) => this.create('VAS', args),
      raiseOutageTicketOnce: async (req) => {
        this.calls.push(`ticket step ${req.serviceNumber}`);
        return outageTicketStep(
          {
            create: (a) => this.create('VOO', a),
            openTickets: async (a) => this.openOf('VOO', a),
            notes: ticketNotes,
            appendNote: appendTicketNote,
            unresolve: async ({ ticketId }) => {
              this.calls.push(`unresolve ${ticketId}`);
              this.ticket(ticketId).status = 'InProgress';
            },
          },
          req,
        );
      },
      noteFlappingEdge: async (req) =>
        flappingNoteStep(
          { openTickets: async (a) => this.openOf('VOO', a), notes: ticketNotes, appendNote: appendTicketNote },
          req,
        ),
      resolveOutageTicket: async ({ ticketId }) => {
        this.calls.push(`resolve ${ticketId}`);
        this.ticket(ticketId).status = 'Resolved';
      },
      unresolveOutageTicket: async ({ ticketId }) => {
        this.calls.push(`unresolve ${ticketId}`);
        this.ticket(ticketId).status = 'InProgress';
      },
      openOutageTicketsPage: async ({ clientId, pageSize, cursor, topics = ['VOO'] }) => {
        this.pageAttempts++;
        this.scheduledAt.push({ call: 'page', at: Context.current().info.currentAttemptScheduledTimestampMs });
        if (this.rateLimit.next > 0) {
          this.rateLimit.next--;
          throw failureForStatus(
            'bruin',
            'GET /api/Ticket (paged)',
            429,
            'rate limited',
            this.rateLimit.retryAfterSeconds,
          );
        }
        this.calls.push(`page ${clientId} after ${cursor ?? '-'}`);
        const rest = this.tickets
          .filter(
            (t) =>
              t.clientId === clientId &&
              topics.includes(t.category ?? 'VOO') &&
              ['New', 'InProgress', 'Draft'].includes(t.status) &&
              (!cursor || Number(t.ticketId) > Number(cursor)),
          )
          .sort((a, b) => Number(a.ticketId) - Number(b.ticketId));
        return this.page(rest, pageSize, cursor);
      },
      closedOutageTicketsPage: async ({ clientId, from, to, pageSize, cursor, topics = ['VOO'] }) => {
        const rest = this.tickets
          .filter(
            (t) =>
              t.clientId === clientId &&
              topics.includes(t.category ?? 'VOO') &&
              t.status === 'Closed' &&
              t.closeDate !== undefined &&
              t.closeDate >= from &&
              t.closeDate < to &&
              (!cursor || Number(t.ticketId) > Number(cursor)),
          )
          .sort((a, b) => Number(a.ticketId) - Number(b.ticketId));
        return this.page(rest, pageSize, cursor);
      },
      ticketTaskHistory: async ({ ticketId }) =>
        (this.ticket(ticketId).tasks ?? ['Holmdel NOC Investigate']).map((taskName, i) => ({
          taskName,
          taskResult: null,
          createdDate: new Date(Date.UTC(2026, 10, 1, i)).toISOString(),
          closedDate: null,
        })),
      nextActions: async ({ ticketId }) => ({
        currentTask: 'Holmdel NOC Investigate',
        offered: this.ticket(ticketId).offered ?? [],
      }),
      ticketNotes,
      appendTicketNote,
      // Escalation's real step over these notes.
      ...createEscalationSteps({ ticketNotes }),
      triagePlans: async ({ ticketIds, nowMs, rules }) =>
        Promise.all(
          ticketIds.map(async (ticketId) => ({
            ticketId,
            ...(await orBrokenItem(
              async () => ({ plan: planTriage(await ticketNotes({ ticketId }), nowMs, rules) }),
              (failed) => ({ failed }),
            )),
          })),
        ),
      appendTicketNotes: async ({ ticketId, notes }) => {
        for (const note of notes) await appendTicketNote({ ticketId, note });
        return notes.length;
      },
      appendTicketNoteOnce: async ({ ticketId, note }) => {
        if ((await ticketNotes({ ticketId })).some((n) => n.noteValue === note)) return 'already-there';
        await appendTicketNote({ ticketId, note });
        return 'written';
      },
      appendDispatchNoteOnce: async ({ ticketId, note }) => {
        if (noteTextWritten(note, await ticketNotes({ ticketId }))) return 'already-there';
        await appendTicketNote({ ticketId, note });
        return 'written';
      },
    };
  }

  private ticket(id: string): FakeTicket {
    const t = this.tickets.find((x) => x.ticketId === id);
    if (!t)
      throw ApplicationFailure.create({
        type: 'VendorRejectedError',
        message: `ticket ${id} not found`,
        nonRetryable: true,
      });
    return t;
  }
}

export interface FakeEdge {
  host: string;
  enterpriseId: number;
  edgeId: number;
  serialNumber: string;
  clientId: string;
  up: boolean;
}

/**
 * An in-memory VeloCloud: a fleet of edges, each up or down, owned by a Bruin client. `readings`,
 * when given, scripts what the next edgeStatus calls return (the last one repeats).
 */
export class FakeVelocloud {
  edges: FakeEdge[] = [];
  /** What checkEdges reports as malformed (VeloCloud sent them broken). */
  discards: Array<{ device: string; reason: string }> = [];
  reads = 0;
  /** edgeStatuses calls (a recheck batch's second look). */
  batchReads = 0;
  /** Edge events by edge ID; edgeEvents answers those inside the asked interval. */
  events: Array<{ edgeId: number; eventTime: string; event: string; message: string }> = [];
  /** Every edgeEvents call: which edge, which interval. */
  eventQueries: Array<{ edgeId: number; start: string; end: string }> = [];
  /** When set, every edgeStatuses call fails for good with it (VeloCloud down past the retries). */
  batchReadFailure?: string;
  /** When set, every edgeStatus read waits for it: holds rechecks mid-flight. */
  gate?: Promise<void>;
  /** Service-affecting troubles each edge shows now (by edge ID); an edge not here is clear. */
  troubles = new Map<number, TroubleFound[]>();
  /** What the last-contact scan reports as silent (the report's own tests use the sandbox and the real activity). */
  stale: StaleEdge[] = [];
  /** Flap records: with them, checkEdges damps flapping when the cycle asks (`flap`). */
  flaps?: EdgeFlapStore;
  /** The fleet store the sites monitor's batches keep their counts in (countFleetStates needs it). */
  fleet?: FleetSnapshotStore;
  constructor(public readings: EdgeReading[] = []) {}

  activities(): VelocloudActivities {
    const reading = (e: FakeEdge) => (e.up ? up(e.serialNumber) : down(e.serialNumber));
    const inEnterprises = (host: string, ids: number[]) =>
      this.edges.filter((e) => e.host === host && ids.includes(e.enterpriseId));
    const edgeStatus: VelocloudActivities['edgeStatus'] = async ({ host, edgeId }) => {
      this.reads++;
      await this.gate;
      if (this.readings.length > 0) return this.readings.length > 1 ? this.readings.shift()! : this.readings[0];
      const edge = this.edges.find((e) => e.host === host && e.edgeId === edgeId);
      if (!edge)
        throw ApplicationFailure.create({
          type: 'VendorRejectedError',
          message: `edge ${edgeId} not found`,
          nonRetryable: true,
        });
      return reading(edge);
    };
    const countStates = (host: string, enterpriseIds: number[]) =>
      mergeCounts(
        enterpriseIds.map((enterpriseId) =>
          countEnterprise(
            host,
            enterpriseId,
            inEnterprises(host, [enterpriseId]).map((e) => ({ ...reading(e), id: e.edgeId })),
          ),
        ),
      );
    return {
      edgeStatus,
      edgeStatuses: async ({ edges }) => {
        this.batchReads++;
        if (this.batchReadFailure)
          throw ApplicationFailure.create({
            type: 'VendorUnavailableError',
            message: this.batchReadFailure,
            nonRetryable: true,
          });
        return Promise.all(
          edges.map((e) =>
            edgeStatus(e).catch((err: unknown) => {
              if (!(err instanceof ApplicationFailure) || !err.nonRetryable) throw err;
              return { unreadable: `${err.type ?? 'Error'}: ${err.message}` };
            }),
          ),
        );
      },
      edgeEvents: async ({ edgeId, start, end }) => {
        this.eventQueries.push({ edgeId, start, end });
        return this.events
          .filter((e) => e.edgeId === edgeId && e.eventTime >= start && e.eventTime <= end)
          .map((e, i) => ({
            id: i,
            eventTime: e.eventTime,
            event: e.event,
            category: 'EDGE',
            severity: e.event.endsWith('DOWN') || e.event.endsWith('DEAD') ? 'ERROR' : 'NOTICE',
            message: e.message,
            edgeName: `edge-${edgeId}`,
          }));
      },
      listEnterpriseIds: async ({ host }) => [
        ...new Set(this.edges.filter((e) => e.host === host).map((e) => e.enterpriseId)),
      ],
      edgeInventory: async ({ host, enterpriseIds }) =>
        inEnterprises(host, enterpriseIds).map(({ host: h, enterpriseId, edgeId, serialNumber }) => ({
          host: h,
          enterpriseId,
          edgeId,
          serialNumber,
        })),
      lastContactScan: async () => ({ checked: this.edges.length, stale: this.stale, discards: [] }),
      countFleetStates: async ({ cycle, part, host, enterpriseIds }) => {
        if (!this.fleet) throw new Error('FakeVelocloud.fleet is not set: countFleetStates keeps its counts there');
        const counts = countStates(host, enterpriseIds);
        await this.fleet.saveFleetPart(cycle, part, counts);
        return tallyOf(counts);
      },
      scanServiceAffecting: async ({ host, enterpriseIds }) => {
        const edges = inEnterprises(host, enterpriseIds);
        const clear = new Map<string, string[]>();
        for (const e of edges.filter((x) => !this.troubles.get(x.edgeId)?.length))
          clear.set(e.clientId, [...(clear.get(e.clientId) ?? []), e.serialNumber]);
        return {
          checked: edges.length,
          unmonitored: 0,
          troubled: edges
            .filter((e) => this.troubles.get(e.edgeId)?.length)
            .map((e) => ({
              host: e.host,
              enterpriseId: e.enterpriseId,
              edgeId: e.edgeId,
              edgeName: `edge-${e.edgeId}`,
              serialNumber: e.serialNumber,
              clientId: e.clientId,
              troubles: this.troubles.get(e.edgeId)!,
            })),
          clear: [...clear].map(([clientId, serialNumbers]) => ({ clientId, serialNumbers })),
          // A discard names its enterprise (`host/enterprise/...`): reported by the batch that read it.
          discards: this.discards.filter((d) => enterpriseIds.includes(Number(d.device.split('/')[1]))),
        };
      },
      checkEdges: async ({ host, enterpriseIds, flap, lookedAt, dryRun = false }) => {
        const edges = inEnterprises(host, enterpriseIds);
        // Flap damping as the real step does it, over the records of `flaps` (a test's store).
        const damping =
          this.flaps && flap
            ? await dampFlapping(
                this.flaps,
                edges.map((e) => ({
                  scope: `${e.host}/${e.enterpriseId}`,
                  serialNumber: e.serialNumber,
                  clientId: e.clientId,
                  down: !e.up,
                })),
                flap,
                { at: lookedAt ?? new Date().toISOString(), dryRun },
              )
            : { flapping: [], settled: [] };
        const held = new Set(damping.flapping.map((f) => f.serialNumber));
        const healthy = new Map<string, string[]>();
        for (const e of edges.filter((x) => x.up && !held.has(x.serialNumber)))
          healthy.set(e.clientId, [...(healthy.get(e.clientId) ?? []), e.serialNumber]);
        return {
          ...(damping.flapping.length ? { flapping: damping.flapping } : {}),
          ...(damping.settled.length ? { settled: damping.settled } : {}),
          checked: edges.length,
          unmonitored: 0,
          faulty: edges
            .filter((e) => !e.up)
            .map((e) => ({
              ...reading(e),
              host: e.host,
              enterpriseId: e.enterpriseId,
              edgeId: e.edgeId,
              clientId: e.clientId,
            })),
          healthy: [...healthy].map(([clientId, serialNumbers]) => ({ clientId, serialNumbers })),
          discards: this.discards,
        };
      },
    };
  }
}

export const down = (serialNumber: string): EdgeReading => ({
  name: `edge-${serialNumber}`,
  serialNumber,
  edgeState: 'OFFLINE',
  links: [{ interface: 'GE1', displayName: 'GE1 ISP', state: 'DISCONNECTED' }],
});
export const up = (serialNumber: string): EdgeReading => ({
  name: `edge-${serialNumber}`,
  serialNumber,
  edgeState: 'CONNECTED',
  links: [{ interface: 'GE1', displayName: 'GE1 ISP', state: 'STABLE' }],
});

/** Recording fakes for the notifier and Digi. */
export function recordingNotifier(slack: string[]): NotifierActivities {
  const ok = async () => ({ outcome: 'sent' as const, providerId: 'x', idempotencyKey: 'k' });
  return {
    sendEmail: ok,
    sendSms: ok,
    postSlackMessage: async (i) => {
      slack.push(i.text);
      return ok();
    },
  };
}
export function recordingDigi(reboots: string[]): DigiActivities {
  return {
    rebootDevice: async ({ serial }) => {
      reboots.push(serial);
      return { status: 'rebooting' };
    },
  };
}

export interface FakeProbe {
  serialNumber: string;
  clientId: string;
  status: 'online' | 'offline';
}

/** An in-memory Hawkeye: probes online or offline, paged like the real API. `script` overrides probeStatus reads in order. */
export class FakeHawkeye {
  probes: FakeProbe[] = [];
  script: Array<'online' | 'offline'> = [];
  activities(cache: { entries: () => Map<string, string> }): HawkeyeActivities {
    const reading = (p: FakeProbe, status = p.status) => ({
      serialNumber: p.serialNumber,
      name: `probe-${p.serialNumber}`,
      status,
      lastContact: '2026-11-23T00:00:00Z',
    });
    return {
      probeStatus: async ({ serialNumber }) => {
        const p = this.probes.find((x) => x.serialNumber === serialNumber)!;
        return reading(p, this.script.shift() ?? p.status);
      },
      probeInventory: async ({ offset, limit }) => ({
        total: this.probes.length,
        serialNumbers: this.probes.slice(offset, offset + limit).map((p) => p.serialNumber),
      }),
      checkProbes: async ({ offset, limit }) => {
        const owners = cache.entries();
        const page = this.probes.slice(offset, offset + limit).filter((p) => owners.has(p.serialNumber));
        const healthy = new Map<string, string[]>();
        for (const p of page.filter((x) => x.status === 'online'))
          healthy.set(p.clientId, [...(healthy.get(p.clientId) ?? []), p.serialNumber]);
        return {
          total: this.probes.length,
          checked: page.length,
          unmonitored: Math.min(limit, this.probes.length - offset) - page.length,
          faulty: page.filter((p) => p.status === 'offline').map((p) => ({ ...reading(p), clientId: p.clientId })),
          healthy: [...healthy].map(([clientId, serialNumbers]) => ({ clientId, serialNumbers })),
          discards: [],
        };
      },
    };
  }
}

/** An in-memory T7: scripted predictions per ticket, feedback deliveries per ticket, optional 5xx. */
export class FakeT7 {
  predictions: Record<string, Array<{ name: string; probability: number }>> = {};
  deliveries: Record<string, number> = {};
  /** Tickets reported to T7 as automated. */
  metrics: string[] = [];
  failNext = 0;
  calls = 0;
  activities(): T7Activities {
    return {
      predictNextActions: async ({ ticketId }) => {
        this.calls++;
        if (this.failNext > 0) {
          this.failNext--;
          throw failureForStatus('t7', 'POST predictions', 503, 'unavailable');
        }
        return this.predictions[ticketId] ?? [];
      },
      sendFeedback: async ({ tickets }) => {
        for (const t of tickets) this.deliveries[t.ticketId] = (this.deliveries[t.ticketId] ?? 0) + 1;
        return tickets.length;
      },
      postAutomationMetric: async ({ ticketId }) => {
        this.metrics.push(ticketId);
      },
    };
  }
}
