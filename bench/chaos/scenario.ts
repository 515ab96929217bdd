// The chaos run's world: a sandbox fleet whose faulty edges flap, and dispatches whose timelines
// act within minutes (appointments just past the 12 h and 2 h reminder offsets).
import { AUTOMATION_MARKER } from '../../domain/ticket-notes';
import type { DispatchVendor } from '../../domain/dispatch/status';
import { fleetScenario } from '../../sandbox/scenarios';
import type { SandboxState } from '../../sandbox/state';

/** What the run does to each dispatch, and so what its site contact and ticket must be told. */
export type DispatchGroup = 'reminder-2h' | 'reminder-12h' | 'on-site' | 'cancel';

export interface PlannedDispatch {
  vendor: DispatchVendor;
  dispatchNumber: string;
  /** The portal's reference our "Dispatch Requested" note names (LIT: the dispatch number; CTS: IGZ-…). */
  reference: string;
  ticketId: string;
  sitePhone: string;
  /** The technician's own phone: they are texted their confirmation and reminders too. */
  techPhone: string;
  group: DispatchGroup;
  appointment: string;
  /** The sandbox entity ID (CTS: the Salesforce ID). */
  entityId: string;
}

export interface ChaosPlan {
  edges: number;
  /** Serials down in every cycle, and serials down in odd cycles only (up in even ones). */
  steadyDown: string[];
  flapping: string[];
  dispatches: PlannedDispatch[];
  /** When the last reminder is due. */
  lastReminderAt: number;
}

const HOUR = 3_600_000;
const DISPATCH_GROUPS: DispatchGroup[] = [
  'reminder-2h',
  'reminder-2h',
  'reminder-2h',
  'reminder-2h',
  'reminder-12h',
  'reminder-12h',
  'reminder-12h',
  'on-site',
  'on-site',
  'cancel',
];

/** LIT's appointment fields: a wall-clock date and time in a named US zone, minute precision. */
function litWhen(at: number): Record<string, string> {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: 'numeric',
      minute: '2-digit',
      hour12: true,
    })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return {
    Date_of_Dispatch: `${parts.year}-${parts.month}-${parts.day}`,
    Hard_Time_of_Dispatch_Local: `${parts.hour}:${parts.minute}${String(parts.dayPeriod).toUpperCase()}`,
    Hard_Time_of_Dispatch_Time_Zone_Local: 'Eastern Time',
  };
}

/**
 * The sandbox state and the plan. Reminders fall `reminderAfterMs` (2 h group) and
 * `reminderAfterMs + 1 min` (12 h group) from `now`; appointments sit on whole minutes (LIT's precision).
 */
export function chaosScenario(opts: {
  now: number;
  edges: number;
  faultyRatio: number;
  dispatches: number;
  reminderAfterMs: number;
}): { state: SandboxState; plan: ChaosPlan } {
  const state = fleetScenario({ edges: opts.edges, edgesPerEnterprise: 50, faultyRatio: opts.faultyRatio });
  state.scenario = 'chaos';
  const faulty = Object.values(state.vendors.velocloud.edges)
    .filter((e) => e.edgeState === 'OFFLINE')
    .map((e) => String(e.serialNumber));
  const plan: ChaosPlan = {
    edges: opts.edges,
    steadyDown: faulty.filter((_, i) => i % 3 === 0),
    flapping: faulty.filter((_, i) => i % 3 !== 0),
    dispatches: [],
    lastReminderAt: 0,
  };
  const minute = (at: number) => Math.ceil(at / 60_000) * 60_000;
  const bruin = state.vendors.bruin;
  for (let i = 0; i < opts.dispatches; i++) {
    const vendor: DispatchVendor = i % 2 === 0 ? 'lit' : 'cts';
    const group = DISPATCH_GROUPS[i % DISPATCH_GROUPS.length];
    const n = String(90_000 + i);
    const ticketId = String(5_000_000 + i);
    const appointment =
      group === 'reminder-2h'
        ? minute(opts.now + 2 * HOUR + opts.reminderAfterMs)
        : group === 'reminder-12h'
          ? minute(opts.now + 12 * HOUR + opts.reminderAfterMs + 60_000)
          : minute(opts.now + 3 * HOUR);
    if (group === 'reminder-2h') plan.lastReminderAt = Math.max(plan.lastReminderAt, appointment - 2 * HOUR);
    if (group === 'reminder-12h') plan.lastReminderAt = Math.max(plan.lastReminderAt, appointment - 12 * HOUR);
    const d: PlannedDispatch = {
      vendor,
      dispatchNumber: vendor === 'lit' ? `DIS${n}` : `S-${n}`,
      reference: vendor === 'lit' ? `DIS${n}` : `IGZ-${n}`,
      ticketId,
      sitePhone: `+1305${String(2_000_000 + i).padStart(7, '0')}`,
      techPhone: `+1212${String(3_000_000 + i).padStart(7, '0')}`,
      group,
      appointment: new Date(appointment).toISOString(),
      entityId: vendor === 'lit' ? `DIS${n}` : `a1B0000000${n}`,
    };
    plan.dispatches.push(d);
    bruin.tickets[ticketId] = {
      id: ticketId,
      clientID: 10_001,
      serviceNumber: `VC${String(10_000_000 + i)}`,
      category: 'Dispatch',
      ticketStatus: 'InProgress',
      createDate: new Date(opts.now - HOUR).toISOString(),
    };
    const noteId = String(800_000 + i);
    bruin.notes[noteId] = {
      id: noteId,
      ticketId,
      noteValue: `${AUTOMATION_MARKER}\nDispatch Management - Dispatch Requested\nIGZ Dispatch Number: ${d.reference}`,
      createdDate: new Date(opts.now - HOUR).toISOString(),
    };
    const contact = `Site Contact ${n} ${d.sitePhone}`;
    if (vendor === 'lit') {
      state.vendors.lit.dispatches[d.entityId] = {
        id: d.entityId,
        Dispatch_Number: d.dispatchNumber,
        MetTel_Bruin_TicketID: ticketId,
        Dispatch_Status: 'Request Confirmed',
        ...litWhen(appointment),
        Tech_First_Name: `Tech${n}`,
        Tech_Mobile_Number: d.techPhone,
        Job_Site_Contact_Name_and_Phone_Number: contact,
      };
    } else {
      state.vendors.cts.dispatches[d.entityId] = {
        id: d.entityId,
        Name: d.dispatchNumber,
        Ext_Ref_Num__c: ticketId,
        Status__c: 'Scheduled',
        Local_Site_Time__c: d.appointment,
        API_Resource_Name__c: `Tech ${n}`,
        Resource_Phone_Number__c: d.techPhone,
        Description__c: `IGZ Dispatch Number: ${d.reference}\nOnsite Contact: ${contact}`,
      };
    }
  }
  return { state, plan };
}

/** The vendor's "tech arrived" status for a dispatch, as its sandbox entity holds it. */
export function onSitePatch(d: PlannedDispatch): Record<string, string> {
  return d.vendor === 'lit' ? { Dispatch_Status: 'Tech Arrived' } : { Status__c: 'On Site' };
}
