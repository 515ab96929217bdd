import { reportBusinessEvent } from '../business-events';
import { log } from '@temporalio/activity';
import { BRUIN_CLOCK_SKEW_MS } from '../../domain/clock-skew';
import { classifyEdge, isOutageNote, type EdgeStatus } from '../../domain/outage';
import type { createBruinNoteActivities } from '../bruin/notes';
import type { createBruinTicketActivities } from '../bruin/tickets';
import type { CreateOutageTicketResult, OutageTicket, TicketNote } from '../bruin/types';
import { resumableEach } from '../resumable';
import { dampFlapping, type FlappingEdge, type SettledEdge } from './edge-flaps';
import { flapDampingOn, type FlapPolicy } from '../../domain/flapping';
import type { EdgeFlapStore } from '../../store/edge-flaps';
import type { MaintenanceWindowStore } from '../../store/maintenance-windows';
import { maintenanceLookup } from './maintenance-lookup';
import type { VelocloudClient } from '../velocloud/client';
import { serialsByClient, type EdgeOwners } from '../velocloud/owners';

// The outage monitor's steps: a batch of edges read and classified (velocloud queue), and a confirmed
// outage's ticket raised (bruin queue).

export interface EdgeCheck {
  checked: number;
  /** Edges VeloCloud lists that no Bruin client owns (not in the customer cache): not monitored. */
  unmonitored: number;
  /** Edges in a maintenance window: left alone (neither faulty nor healthy), counted. */
  inMaintenance?: number;
  faulty: EdgeStatus[];
  /**
   * Healthy edges' serials, per Bruin client: the monitor resolves their open outage tickets. A flapping edge is not
   * among them (its ticket stays open).
   */
  healthy: Array<{ clientId: string; serialNumbers: string[] }>;
  /** Edges VeloCloud sent malformed (`host/enterprise/edge`), each with the reason: left out, the rest checked. */
  discards: Array<{ device: string; reason: string }>;
  /** With flap damping: the flapping edges, up or down, each with its episode (`domain/flapping.ts`). */
  flapping?: FlappingEdge[];
  /** With flap damping: healthy edges stable again after flapping, resolved with a note that says so. */
  settled?: SettledEdge[];
}

/** The outage monitor's step on the velocloud queue. */
export function createOutageVelocloudSteps(
  client: VelocloudClient,
  owners: EdgeOwners,
  stores: { flaps?: EdgeFlapStore; maintenance?: MaintenanceWindowStore } = {},
) {
  const { flaps } = stores;
  return {
    /**
     * Reads every edge of these enterprises (one call per enterprise) and classifies each; with `flap` (damping on),
     * records each edge's state changes and holds the flapping ones' tickets open.
     */
    async checkEdges({
      host,
      enterpriseIds,
      flap,
      lookedAt,
      dryRun = false,
    }: {
      host: string;
      enterpriseIds: number[];
      flap?: FlapPolicy;
      /** When the cycle looked (its start): the time of any state change it finds. */
      lookedAt?: string;
      dryRun?: boolean;
    }): Promise<EdgeCheck> {
      const clients = await owners();
      const inMaintenance = await maintenanceLookup(stores.maintenance, lookedAt ? new Date(lookedAt) : new Date());
      const perEnterprise = await resumableEach('checkEdges', enterpriseIds, String, async (enterpriseId) => {
        const edges = await client.enterpriseEdges(host, enterpriseId);
        const check = {
          checked: 0,
          unmonitored: 0,
          inMaintenance: 0,
          faulty: [] as EdgeStatus[],
          healthy: [] as Array<[clientId: string, serialNumber: string]>,
          discards: edges.invalid.map((bad) => ({ device: `${host}/${enterpriseId}/${bad.item}`, reason: bad.reason })),
        };
        for (const d of check.discards) log.warn('malformed edge discarded; the cycle goes on', d);
        for (const e of edges.valid) {
          const owner = clients.get(e.serialNumber);
          if (!owner) {
            check.unmonitored++;
            continue;
          }
          check.checked++;
          // Under planned work: no ticket, note, alert, reboot or resolve for it; counted, and looked at after the window.
          if (inMaintenance({ serialNumber: e.serialNumber, clientId: owner.clientId, host, enterpriseId })) {
            check.inMaintenance++;
            continue;
          }
          if (classifyEdge(e).outage) {
            check.faulty.push({
              host,
              enterpriseId,
              edgeId: e.id,
              name: e.name,
              serialNumber: e.serialNumber,
              clientId: owner.clientId,
              edgeState: e.edgeState,
              links: e.links,
            });
          } else check.healthy.push([owner.clientId, e.serialNumber]);
        }
        return check;
      });
      const checks = perEnterprise.map(({ result }) => result);
      const faulty = checks.flatMap((c) => c.faulty);
      let healthy = checks.flatMap((c) => c.healthy);
      let damping: Pick<EdgeCheck, 'flapping' | 'settled'> = {};
      if (flaps && flapDampingOn(flap)) {
        const looks = perEnterprise.flatMap(({ item, result: r }) => [
          ...r.faulty.map((e) => ({
            scope: `${host}/${item}`,
            serialNumber: e.serialNumber,
            clientId: e.clientId,
            down: true,
          })),
          ...r.healthy.map(([clientId, serialNumber]) => ({
            scope: `${host}/${item}`,
            serialNumber,
            clientId,
            down: false,
          })),
        ]);
        const { flapping, settled } = await dampFlapping(flaps, looks, flap, {
          at: lookedAt ?? new Date().toISOString(),
          dryRun,
        });
        const held = new Set(flapping.map((f) => f.serialNumber));
        healthy = healthy.filter(([, serial]) => !held.has(serial));
        damping = { ...(flapping.length ? { flapping } : {}), ...(settled.length ? { settled } : {}) };
      }
      const covered = checks.reduce((n, c) => n + c.inMaintenance, 0);
      if (covered) reportBusinessEvent({ kind: 'in-maintenance', monitor: 'outage', devices: covered });
      const result: EdgeCheck = {
        checked: checks.reduce((n, c) => n + c.checked, 0),
        unmonitored: checks.reduce((n, c) => n + c.unmonitored, 0),
        ...(covered ? { inMaintenance: covered } : {}),
        faulty,
        healthy: serialsByClient(healthy),
        discards: checks.flatMap((c) => c.discards),
        ...damping,
      };
      return result;
    },
  };
}

/** The outage monitor's step on the bruin queue, over the one-call ticket and note activities. */
export function createOutageBruinSteps(
  tickets: ReturnType<typeof createBruinTicketActivities>,
  notes: ReturnType<typeof createBruinNoteActivities>,
) {
  return {
    /**
     * A confirmed outage's ticket step (create and note, or note and reopen, or leave an in-progress one),
     * as one activity instead of a chain of three: see `outageTicketStep`.
     */
    async raiseOutageTicketOnce(req: {
      clientId: string;
      serviceNumber: string;
      note: string;
      /** When the recheck run started (ISO): a ticket opened since then with no other run's note is its own. */
      since: string;
    }): Promise<OutageTicketStepResult> {
      return outageTicketStep(
        {
          create: (a) => tickets.createOutageTicket(a),
          openTickets: (a) => tickets.openOutageTickets(a),
          notes: (a) => notes.ticketNotes(a),
          appendNote: (a) => notes.appendTicketNote(a),
          unresolve: (a) => tickets.unresolveOutageTicket(a),
        },
        req,
      );
    },

    /**
     * A flapping edge's note, once per episode (the note names its first change), on the edge's open outage ticket;
     * `noTicket` when none is open (a person resolved it, or its reopen is still owed): the next cycle tries again.
     */
    async noteFlappingEdge(req: { serviceNumber: string; note: string }): Promise<{ ticketId?: string }> {
      return flappingNoteStep(
        {
          openTickets: (a) => tickets.openOutageTickets(a),
          notes: (a) => notes.ticketNotes(a),
          appendNote: (a) => notes.appendTicketNote(a),
        },
        req,
      );
    },
  };
}

/** What the ticket step did for one device still down. */
export interface OutageTicketStepResult {
  outcome: 'ticket-created' | 'ticket-unresolved' | 'ticket-in-progress';
  ticketId: string;
}

/** The Bruin calls the ticket step is made of (the real client's, or a test's in-memory Bruin). */
export interface OutageTicketCalls {
  create(args: { clientId: string; serviceNumber: string }): Promise<CreateOutageTicketResult>;
  openTickets(args: { serviceNumber: string }): Promise<OutageTicket[]>;
  notes(args: { ticketId: string }): Promise<TicketNote[]>;
  appendNote(args: { ticketId: string; note: string }): Promise<unknown>;
  unresolve(args: { ticketId: string; serviceNumber: string }): Promise<void>;
}

/**
 * A confirmed outage's ticket in one activity: create it and note it; or note a resolved one and reopen it;
 * or leave someone's in-progress ticket alone. Safe to retry from any point: the note (unique to the recheck
 * run, it carries the run's start) is written before the reopen, and a retry answered "in progress" finds
 * its own ticket by that note, or by a create date after `since` with no other run's outage note on it (the
 * create was accepted just before a worker died).
 */
export async function outageTicketStep(
  bruin: OutageTicketCalls,
  req: { clientId: string; serviceNumber: string; note: string; since: string },
): Promise<OutageTicketStepResult> {
  const noteOnce = async (ticketId: string, notes?: TicketNote[]) => {
    if (!(notes ?? (await bruin.notes({ ticketId }))).some((n) => n.noteValue === req.note))
      await bruin.appendNote({ ticketId, note: req.note });
  };
  const ticket = await bruin.create({ clientId: req.clientId, serviceNumber: req.serviceNumber });
  const { ticketId } = ticket;
  switch (ticket.outcome) {
    case 'created':
      await noteOnce(ticketId, []);
      return { outcome: 'ticket-created', ticketId };
    case 'resolved-exists':
      await noteOnce(ticketId);
      await bruin.unresolve({ ticketId, serviceNumber: req.serviceNumber });
      return { outcome: 'ticket-unresolved', ticketId };
    case 'in-progress-exists': {
      const notes = await bruin.notes({ ticketId });
      const open = await bruin.openTickets({ serviceNumber: req.serviceNumber });
      const createDate = open.find((t) => t.ticketId === ticketId)?.createDate;
      const openedByUs =
        createDate !== undefined && Date.parse(createDate) >= Date.parse(req.since) - BRUIN_CLOCK_SKEW_MS;
      // Our note on it: an earlier attempt of this step did the work (created it, or reopened it).
      if (notes.some((n) => n.noteValue === req.note))
        return { outcome: openedByUs ? 'ticket-created' : 'ticket-unresolved', ticketId };
      if (openedByUs && !notes.some((n) => isOutageNote(n.noteValue))) {
        await noteOnce(ticketId, notes);
        return { outcome: 'ticket-created', ticketId };
      }
      return { outcome: 'ticket-in-progress', ticketId };
    }
  }
}

/** A flapping edge's note on its open outage ticket, unless already there; no ticket open: nothing written. */
export async function flappingNoteStep(
  bruin: Pick<OutageTicketCalls, 'openTickets' | 'notes' | 'appendNote'>,
  req: { serviceNumber: string; note: string },
): Promise<{ ticketId?: string }> {
  const [open] = await bruin.openTickets({ serviceNumber: req.serviceNumber });
  if (!open) return {};
  const existing = await bruin.notes({ ticketId: open.ticketId });
  if (!existing.some((n) => n.noteValue === req.note))
    await bruin.appendNote({ ticketId: open.ticketId, note: req.note });
  return { ticketId: open.ticketId };
}
