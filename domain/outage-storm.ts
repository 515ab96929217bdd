/**
 * Outage storms (Alertmanager's grouping): when one cycle opens at least `minTickets` outage tickets for one
 * enterprise, the NOC gets one Slack message for them instead of one per ticket. Pure: the cycle groups the alerts its
 * recheck batches held back with it, and sends either the storm message or each held alert.
 */

/** A new ticket's alert a recheck batch held back, for the cycle to send alone or as part of a storm. */
export interface HeldAlert {
  /** `host/enterpriseId`. */
  enterprise: string;
  ticketId: string;
  serialNumber: string;
  edgeName: string;
  /** The per-ticket alert, as it would have gone. */
  text: string;
}

export const enterpriseKey = (e: { host: string; enterpriseId: number }): string => `${e.host}/${e.enterpriseId}`;

/** Enterprises with at least `minTickets` suspects this cycle: their batches hold new tickets' alerts back. */
export function stormCandidates(
  suspects: ReadonlyArray<{ host: string; enterpriseId: number }>,
  minTickets: number,
): string[] {
  if (minTickets <= 0) return [];
  const counts = new Map<string, number>();
  for (const s of suspects) counts.set(enterpriseKey(s), (counts.get(enterpriseKey(s)) ?? 0) + 1);
  return [...counts].filter(([, n]) => n >= minTickets).map(([key]) => key);
}

/** The held alerts as storms (an enterprise with at least `minTickets` new tickets) and the rest, sent one by one. */
export function groupStorms(
  held: readonly HeldAlert[],
  minTickets: number,
): { storms: Array<{ enterprise: string; alerts: HeldAlert[] }>; single: HeldAlert[] } {
  const byEnterprise = new Map<string, HeldAlert[]>();
  for (const a of held) byEnterprise.set(a.enterprise, [...(byEnterprise.get(a.enterprise) ?? []), a]);
  const storms = [...byEnterprise]
    .filter(([, alerts]) => alerts.length >= minTickets)
    .map(([enterprise, alerts]) => ({ enterprise, alerts }));
  const stormy = new Set(storms.map((s) => s.enterprise));
  return { storms, single: held.filter((a) => !stormy.has(a.enterprise)) };
}

const LISTED = 20;

/** The storm's one message: the enterprise, how many, the first 20 edges with their tickets, where to look. */
export function stormAlert(args: { enterprise: string; alerts: readonly HeldAlert[]; cycleUrl?: string }): string {
  const [host, enterpriseId] = [
    args.enterprise.slice(0, args.enterprise.lastIndexOf('/')),
    args.enterprise.split('/').pop(),
  ];
  const n = args.alerts.length;
  return [
    `:rotating_light: *Outage storm*: ${n} new outage tickets for enterprise ${enterpriseId} on ${host} in one cycle`,
    ...args.alerts.slice(0, LISTED).map((a) => `• ${a.edgeName} (${a.serialNumber}): ticket ${a.ticketId}`),
    ...(n > LISTED ? [`… and ${n - LISTED} more`] : []),
    `What happened to one: npm run story -- edge ${args.alerts[0]?.serialNumber ?? '<serial>'}`,
    ...(args.cycleUrl ? [`The cycle and its rechecks: ${args.cycleUrl}`] : []),
  ].join('\n');
}
