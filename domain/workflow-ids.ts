import { parseMonth } from './reports/period';

/**
 * Workflow-ID builders and their inverses, in one place. IDs are business IDs, never random, so a
 * second start for the same thing is rejected by Temporal instead of duplicating work.
 *
 * Workflows started by a Schedule get `<schedule id>-<scheduled time>` from the server (it appends
 * the time to the action's ID), e.g. `pool-health-2026-11-23T18:00:00Z`.
 */
const OPS_NOTICE = 'ops-notice/';

/** One ops notice broadcast, by the notice's own ID (e.g. a change ticket). */
export function opsNoticeWorkflowId(noticeId: string): string {
  if (!/^[A-Za-z0-9._:-]{1,120}$/.test(noticeId))
    throw new Error(`notice ID "${noticeId}" must be 1-120 characters of [A-Za-z0-9._:-]`);
  return `${OPS_NOTICE}${noticeId}`;
}

export function parseOpsNoticeWorkflowId(workflowId: string): { noticeId: string } | undefined {
  return workflowId.startsWith(OPS_NOTICE) && workflowId.length > OPS_NOTICE.length
    ? { noticeId: workflowId.slice(OPS_NOTICE.length) }
    : undefined;
}

const OUTAGE_RECHECK_BATCH = 'outage-recheck-batch/';

/**
 * One batch of a cycle's rechecks, `outage-recheck-batch/<cycle workflow ID>/<n>`, or `.../<segment>-<n>` for a batch
 * of one segment of a large fleet's cycle: a cycle replayed after a crash asks for the same batches, and Temporal
 * refuses a second start of one.
 */
export function outageRecheckBatchWorkflowId(cycleWorkflowId: string, batch: number, segment?: number): string {
  if (!cycleWorkflowId) throw new Error('cycle workflow ID must not be empty');
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`batch must be a positive integer, got ${batch}`);
  if (segment !== undefined && (!Number.isInteger(segment) || segment < 1))
    throw new Error(`segment must be a positive integer, got ${segment}`);
  return `${OUTAGE_RECHECK_BATCH}${cycleWorkflowId}/${segment === undefined ? '' : `${segment}-`}${batch}`;
}

/**
 * One segment of a large fleet's outage cycle, `<cycle workflow ID>/segment-<n>`: a replayed cycle asks for the
 * same.
 */
export function segmentWorkflowId(cycleWorkflowId: string, segment: number): string {
  if (!cycleWorkflowId) throw new Error('cycle workflow ID must not be empty');
  if (!Number.isInteger(segment) || segment < 1) throw new Error(`segment must be a positive integer, got ${segment}`);
  return `${cycleWorkflowId}/segment-${segment}`;
}

export function parseOutageRecheckBatchWorkflowId(
  workflowId: string,
): { cycleWorkflowId: string; batch: number; segment?: number } | undefined {
  const m = /^outage-recheck-batch\/(.+)\/(?:([1-9]\d*)-)?([1-9]\d*)$/.exec(workflowId);
  if (!m) return undefined;
  return { cycleWorkflowId: m[1], batch: Number(m[3]), ...(m[2] ? { segment: Number(m[2]) } : {}) };
}

/** One service-affecting check per edge at a time: `service-affecting/<host>/<edgeId>`. */
export function serviceAffectingWorkflowId(host: string, edgeId: number): string {
  if (!host || host.includes('/')) throw new Error(`orchestrator host "${host}" must be non-empty and contain no "/"`);
  return `service-affecting/${host}/${edgeId}`;
}

export function parseServiceAffectingWorkflowId(workflowId: string): { host: string; edgeId: number } | undefined {
  const m = /^service-affecting\/([^/]+)\/(\d+)$/.exec(workflowId);
  return m ? { host: m[1], edgeId: Number(m[2]) } : undefined;
}

const HAWKEYE_RECHECK = 'hawkeye-recheck/';

/** The one recheck of one Hawkeye probe, by serial. */
export function hawkeyeRecheckWorkflowId(serialNumber: string): string {
  if (!/^[A-Za-z0-9-]{1,64}$/.test(serialNumber))
    throw new Error(`probe serial "${serialNumber}" must be 1-64 characters of [A-Za-z0-9-]`);
  return `${HAWKEYE_RECHECK}${serialNumber}`;
}

export function parseHawkeyeRecheckWorkflowId(workflowId: string): { serialNumber: string } | undefined {
  return workflowId.startsWith(HAWKEYE_RECHECK) && workflowId.length > HAWKEYE_RECHECK.length
    ? { serialNumber: workflowId.slice(HAWKEYE_RECHECK.length) }
    : undefined;
}

const DISPATCH = 'dispatch/';

/** The one timeline of one vendor dispatch; the monitor signal-with-starts it every cycle. */
export function dispatchWorkflowId(vendor: 'lit' | 'cts', dispatchNumber: string): string {
  if (!/^[A-Za-z0-9-]{1,40}$/.test(dispatchNumber))
    throw new Error(`dispatch number "${dispatchNumber}" must be 1-40 characters of [A-Za-z0-9-]`);
  return `${DISPATCH}${vendor}/${dispatchNumber}`;
}

export function parseDispatchWorkflowId(
  workflowId: string,
): { vendor: 'lit' | 'cts'; dispatchNumber: string } | undefined {
  const m = /^dispatch\/(lit|cts)\/([A-Za-z0-9-]{1,40})$/.exec(workflowId);
  return m ? { vendor: m[1] as 'lit' | 'cts', dispatchNumber: m[2] } : undefined;
}

/** One portal request for a dispatch, by the portal's reference: a form sent twice starts it once. */
export function dispatchRequestWorkflowId(vendor: 'lit' | 'cts', reference: string): string {
  if (!/^IGZ-[0-9a-f]{10}$/.test(reference)) throw new Error(`dispatch reference "${reference}" is not IGZ-<10 hex>`);
  return `dispatch-request/${vendor}/${reference}`;
}

export function parseDispatchRequestWorkflowId(
  workflowId: string,
): { vendor: 'lit' | 'cts'; reference: string } | undefined {
  const m = /^dispatch-request\/(lit|cts)\/(IGZ-[0-9a-f]{10})$/.exec(workflowId);
  return m ? { vendor: m[1] as 'lit' | 'cts', reference: m[2] } : undefined;
}

/** One change to a portal dispatch, keyed by the change's own idempotency key. */
export function dispatchChangeWorkflowId(vendor: 'lit' | 'cts', reference: string, changeKey: string): string {
  if (!/^[0-9a-f]{10}$/.test(changeKey)) throw new Error(`change key "${changeKey}" is not 10 hex digits`);
  return `${dispatchRequestWorkflowId(vendor, reference).replace('dispatch-request/', 'dispatch-change/')}/${changeKey}`;
}

export type CustomerCacheSource = 'velocloud' | 'hawkeye';
const CUSTOMER_CACHE = /^customer-cache\/(velocloud|hawkeye)\/(.+)$/;

/**
 * The refresh a monitor starts when it finds no customer cache yet, named after that monitor's run
 * (at most one per monitor run; the scheduled refreshes are `customer-cache-<time>` and
 * `hawkeye-customer-cache-<time>`).
 */
export function customerCacheWorkflowId(source: CustomerCacheSource, monitorWorkflowId: string): string {
  if (!monitorWorkflowId) throw new Error('customer cache refresh: the monitor workflow ID is empty');
  return `customer-cache/${source}/${monitorWorkflowId}`;
}

export function parseCustomerCacheWorkflowId(
  workflowId: string,
): { source: CustomerCacheSource; monitorWorkflowId: string } | undefined {
  const m = CUSTOMER_CACHE.exec(workflowId);
  return m ? { source: m[1] as CustomerCacheSource, monitorWorkflowId: m[2] } : undefined;
}

/** The monthly reports, each once per period. */
export const REPORTS = { lumin: 'lumin-billing-report', 'last-contact': 'last-contact-report' } as const;
export type ReportKind = keyof typeof REPORTS;

/** One report for one period: `lumin-billing-report/2026-10`. A second start for a sent period is refused. */
export function reportWorkflowId(report: ReportKind, month: string): string {
  if (!parseMonth(month) || month !== month.trim())
    throw new Error(`report period "${month}" must be a month such as 2026-10`);
  return `${REPORTS[report]}/${month}`;
}

const OWED = 'owed/';

/**
 * What owes side effects, one ordered queue each: `outage-ticket/<serviceNumber>` (a device's outage ticket,
 * whether or not Bruin has given it a number yet), `vas-ticket/<serviceNumber>` (an edge's service-affecting
 * ticket) or `ticket/<ticketId>` (notes on a known ticket).
 */
export type OwedSubject = `outage-ticket/${string}` | `vas-ticket/${string}` | `ticket/${string}`;
/** A report's email owed by the report workflow itself: `report/<report workflow ID>` (marked, not queued). */
export type OwedReportSubject = `report/${string}`;

/** The prefix of every outage ticket's owed subject, for listing them. */
export const OUTAGE_TICKET_SUBJECTS = 'outage-ticket/';

const deviceSubject = <P extends string>(prefix: P, serviceNumber: string): `${P}${string}` => {
  if (!serviceNumber || serviceNumber.includes('/'))
    throw new Error(`service number "${serviceNumber}" must be non-empty and contain no "/"`);
  return `${prefix}${serviceNumber}`;
};

export const outageTicketSubject = (serviceNumber: string): OwedSubject =>
  deviceSubject(OUTAGE_TICKET_SUBJECTS, serviceNumber);

/** The prefix of every service-affecting ticket's owed subject. */
export const VAS_TICKET_SUBJECTS = 'vas-ticket/';

export const vasTicketSubject = (serviceNumber: string): OwedSubject =>
  deviceSubject(VAS_TICKET_SUBJECTS, serviceNumber);

/** The one queue of side effects a subject owes: `owed/<subject>`, so every owed item of it lands in order in one run. */
export function owedWorkWorkflowId(subject: OwedSubject): string {
  return `${OWED}${subject}`;
}

export function parseOwedWorkWorkflowId(workflowId: string): { subject: OwedSubject } | undefined {
  const m = /^owed\/((?:outage-ticket|vas-ticket|ticket)\/[^/]+)$/.exec(workflowId);
  return m ? { subject: m[1] as OwedSubject } : undefined;
}

const MAINTENANCE = 'maintenance/';

/**
 * One maintenance window, `maintenance/<scope>@<start>` (e.g. `maintenance/device:VC05200028729@2026-12-03T18:00:00.000Z`):
 * the same window asked for twice (a retried CLI call, a double click) is refused by Temporal, not set twice.
 */
export const maintenanceWindowId = (scopeKey: string, startIso: string): string => `${scopeKey}@${startIso}`;
export const maintenanceWorkflowId = (windowId: string): string => `${MAINTENANCE}${windowId}`;
export const MAINTENANCE_WORKFLOWS = MAINTENANCE;
