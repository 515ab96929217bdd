import { automationNote, automationNoteTitle } from './ticket-notes';
import { OUTAGE_DETECTED_LINE, TRIAGE_TITLE } from './triage';

/** Edge states as the VeloCloud Orchestrator reports them. */
export type EdgeState = 'CONNECTED' | 'OFFLINE' | 'DEGRADED' | 'NEVER_ACTIVATED' | 'UNKNOWN';
/** Link states as the VeloCloud Orchestrator reports them. */
export type LinkState = 'STABLE' | 'UNSTABLE' | 'DISCONNECTED' | 'QUIET' | 'UNKNOWN';

export interface LinkStatus {
  interface: string;
  displayName: string;
  state: LinkState;
}

/** A monitored edge: where VeloCloud has it, and the Bruin client it belongs to (from the customer cache). */
export interface MonitoredEdge {
  host: string;
  enterpriseId: number;
  edgeId: number;
  name: string;
  serialNumber: string;
  clientId: string;
}

/** One edge's status at one moment. */
export interface EdgeStatus extends MonitoredEdge {
  edgeState: EdgeState;
  links: LinkStatus[];
}

export type EdgeHealth =
  { outage: false } | { outage: true; reason: 'edge-offline' | 'link-disconnected'; disconnectedLinks: string[] };

/**
 * The outage rule: an edge is in outage when it is offline, or when any of its links is
 * disconnected. Edges never activated are not monitored (nothing to be down).
 */
export function classifyEdge(edge: Pick<EdgeStatus, 'edgeState' | 'links'>): EdgeHealth {
  const disconnectedLinks = edge.links
    .filter((l) => l.state === 'DISCONNECTED')
    .map((l) => l.displayName || l.interface);
  if (edge.edgeState === 'OFFLINE') return { outage: true, reason: 'edge-offline', disconnectedLinks };
  if (edge.edgeState === 'NEVER_ACTIVATED') return { outage: false };
  if (disconnectedLinks.length > 0) return { outage: true, reason: 'link-disconnected', disconnectedLinks };
  return { outage: false };
}

/** The outage note appended to a ticket when the recheck confirms the outage. */
export function outageNote(
  edge: EdgeStatus,
  health: Extract<EdgeHealth, { outage: true }>,
  detectedAt: string,
): string {
  // Many links could push past Bruin's limit; automationNote cuts the link lines at the end.
  return automationNote([
    TRIAGE_TITLE,
    `${OUTAGE_DETECTED_LINE} ${health.reason === 'edge-offline' ? 'edge offline' : 'link disconnected'}`,
    `Edge: ${edge.name} (serial ${edge.serialNumber})`,
    `Orchestrator: ${edge.host}, enterprise ${edge.enterpriseId}, edge ${edge.edgeId}`,
    `Edge status: ${edge.edgeState}`,
    ...edge.links.map((l) => `Link ${l.displayName || l.interface} (${l.interface}): ${l.state}`),
    `Confirmed after recheck at: ${detectedAt}`,
  ]);
}

/** Second line of a Hawkeye probe's outage note. */
export const HAWKEYE_TRIAGE_TITLE = 'Triage (Hawkeye)';

/** Hawkeye probe statuses as the Hawkeye API reports them. */
export type ProbeStatus = 'online' | 'offline' | 'unknown';

export interface ProbeReading {
  serialNumber: string;
  name: string;
  status: ProbeStatus;
  lastContact: string;
}

/** The Hawkeye outage rule: a probe is in outage when Hawkeye reports it offline. */
export const probeInOutage = (probe: Pick<ProbeReading, 'status'>): boolean => probe.status === 'offline';

/** The outage note for a Hawkeye probe whose outage the recheck confirmed. */
export function probeOutageNote(probe: ProbeReading, detectedAt: string): string {
  return automationNote([
    HAWKEYE_TRIAGE_TITLE,
    `${OUTAGE_DETECTED_LINE} probe offline`,
    `Device: ${probe.name} (serial ${probe.serialNumber})`,
    `Last contact: ${probe.lastContact}`,
    `Confirmed after recheck at: ${detectedAt}`,
  ]);
}

/** Whether a note is an outage recheck's note (VeloCloud or Hawkeye): ours, and its third line says what was detected. */
export function isOutageNote(text: string | null): boolean {
  const title = automationNoteTitle(text);
  return (
    (title === TRIAGE_TITLE || title === HAWKEYE_TRIAGE_TITLE) &&
    (text ?? '').split('\n', 3)[2]?.startsWith(OUTAGE_DETECTED_LINE) === true
  );
}

/** The NOC's Slack line for a new outage ticket; `device` says which (`edge NAME (host, edge 7): reason`). */
export const newOutageTicketAlert = (ticketId: string, device: string): string =>
  `Outage ticket ${ticketId} created for ${device}`;
