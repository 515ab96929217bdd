// The dispatch processes' public surface: signals, queries, inputs and results, used by the
// workflows, the monitor's delivery activity, the CLI and the tests alike.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type {
  DispatchChange,
  DispatchRequestForm,
  DispatchSnapshot,
  DispatchVendor,
  Reminder,
  TimelineState,
} from '../../domain/dispatch';

export { dispatchWorkflowId, parseDispatchWorkflowId } from '../../domain/workflow-ids';

/** Workflow type of the timeline, for starters that cannot import workflow code (type-checked against it). */
export const DISPATCH_TIMELINE = 'dispatchTimeline' satisfies keyof typeof import('./dispatch-timeline');

/** The monitor's latest view of the dispatch (signal-with-start). */
export const dispatchUpdated = defineSignal<[DispatchSnapshot]>('dispatchUpdated');
/** Ops ask for the dispatch to be cancelled: the vendor gets the request by email; its cancelled status ends the timeline. */
export const cancelRequested = defineSignal<[CancelRequest]>('cancelRequested');
/** The timeline as JSON: phase, reminders, next reminder, what was sent. */
export const timelineQuery = defineQuery<TimelineView>('timeline');

export interface CancelRequest {
  reason: string;
  /** The portal user who asked (its signal in the timeline's history is the audit trail); unset from the CLI. */
  requestedBy?: string;
}

/** Who acted, as the portal's login knows them: travels in every portal workflow's input. */
export interface PortalActor {
  user: string;
  role: 'viewer' | 'dispatcher';
}

export const DISPATCH_REQUEST = 'dispatchRequest' satisfies keyof typeof import('./dispatch-request');
export const DISPATCH_CHANGE = 'dispatchChange' satisfies keyof typeof import('./dispatch-change');

export interface DispatchRequestInput {
  reference: string;
  /** Checked by the portal (phone as E.164, appointment ahead). */
  form: DispatchRequestForm;
  requestedBy: PortalActor;
  /** Handed to the timeline it starts (config, as the monitor's). */
  ctsTimeZone: string;
  completeAfterHours?: number;
  cancelEmail?: string;
}

export interface DispatchRequestResult {
  vendor: DispatchVendor;
  reference: string;
  dispatchNumber: string;
  /** CTS's Salesforce record ID (its API addresses records by it); LIT's dispatch number. */
  vendorId: string;
  timelineWorkflowId: string;
  /** False when an earlier attempt had created it (find-or-create). */
  created: boolean;
}

export interface DispatchChangeInput {
  vendor: DispatchVendor;
  reference: string;
  vendorId: string;
  /** Checked by the portal. */
  change: DispatchChange;
  requestedBy: PortalActor;
  ctsTimeZone: string;
}

export type TimelineView = TimelineState & { nextReminder?: { event: Reminder; at: string } };

export interface DispatchTimelineInput {
  snapshot: DispatchSnapshot;
  /** LIT never reports completion: finish this many hours after tech on site (or the appointment). Also CTS's fallback. */
  completeAfterHours?: number;
  /** Where the vendor takes cancellation requests (config: LIT_CANCEL_EMAIL / CTS_CANCEL_EMAIL). */
  cancelEmail?: string;
  /** Send nothing, write nothing: every SMS, note and email is only listed (`intended` in the state). */
  dryRun?: boolean;
  /** History events per run before continuing as new (default 2,000). */
  historyBudget?: number;
  /** Carried by continue-as-new. */
  state?: TimelineState;
  pending?: DispatchSnapshot[];
}

export interface DispatchMonitorInput {
  vendor: DispatchVendor;
  /** CTS gives UTC only: the zone SMS and notes show its times in. */
  ctsTimeZone?: string;
  completeAfterHours?: number;
  /** The vendor's cancellation desk, handed to new timelines. */
  cancelEmail?: string;
  /** List what the cycle would start or update; deliver nothing (no timeline runs, so nothing is texted). */
  dryRun?: boolean;
  /** Dispatches read per vendor page (the list never travels whole through history). */
  pageSize?: number;
}

export interface DispatchMonitorResult {
  vendor: DispatchVendor;
  listed: number;
  /** Invalid dispatches (bad ticket ID, missing or malformed fields, a ticket Bruin refuses), each with the reason. */
  discarded: number;
  discards: Array<{ dispatchNumber: string; reason: string }>;
  /**
   * Valid dispatches whose ticket Bruin did not answer for within the retries (an outage): neither started
   * nor discarded, asked about again next cycle, each with the reason (absent in older runs).
   */
  deferred?: number;
  deferrals?: Array<{ dispatchNumber: string; reason: string }>;
  /** Valid, but no automation note of ours on the ticket names them: another team's dispatch. */
  notOurs: number;
  /** Running timelines that had already applied the vendor's current snapshot: not signalled (absent in older runs). */
  unchanged?: number;
  /** Timelines that got the latest snapshot, and timelines started this cycle. */
  updated: number;
  started: number;
  /** Already finished (or finished before we ever tracked them): left alone. */
  finished: number;
  dryRun: boolean;
  /** In dry-run mode: the timelines the cycle would have started or updated. */
  intended: Array<{ action: 'start-timeline' | 'update-timeline'; dispatchNumber: string; status: string }>;
}
