import type { DevopsEvent, DoraKeys } from '../domain/dora';

/** A DevOps event as the endpoint accepted it: metadata as sent (a string, or an object of strings). */
export interface IncomingDevopsEvent {
  /** ISO instant. */
  time: string;
  repo: string;
  event: string;
  metadata?: string | Record<string, string>;
  /** The sender's `Event-Id`: a retried post with the same one is stored once. */
  eventId?: string;
}

/** One computation's result for a repo and window, as the workflow stored it. */
export interface DoraResult {
  computedAt: string;
  keys: DoraKeys;
}

/** The seed's internal event: each computation is also kept as a raw event, next to those it summarises. */
export const CALC_DEPLOYMENT_FREQ = 'calc_deployment_freq';

/** Raw DevOps events (seed 003) and the DORA keys computed from them. */
export interface DevopsEventStore {
  /** Stores the event durably before resolving; `duplicate` when its eventId was stored already. */
  recordDevopsEvent(event: IncomingDevopsEvent): Promise<'stored' | 'duplicate'>;
  /** `repo`'s events (and `ALL`'s; every repo's for `ALL`) with from <= time < to, oldest first. */
  devopsEvents(repo: string, from: string, to: string): Promise<DevopsEvent[]>;
  /** Repos (not `ALL`) with an event at or after `from`, sorted. */
  devopsRepos(from: string): Promise<string[]>;
  /** Keeps the latest result per repo and window, and records it as a `calc_deployment_freq` event (once). */
  saveDoraResult(result: DoraResult): Promise<void>;
  /** The latest stored result of every repo and window. */
  latestDoraResults(): Promise<DoraResult[]>;
}

/** The metadata fields the DORA keys read, from what was stored (a free-text string has none). */
export function doraMetadata(raw: unknown): DevopsEvent['metadata'] {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { commit, deployId, incidentId } = raw as Record<string, unknown>;
  const pick = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const meta = { commit: pick(commit), deployId: pick(deployId), incidentId: pick(incidentId) };
  return Object.values(meta).some((v) => v !== undefined) ? meta : undefined;
}

/** The `calc_deployment_freq` raw event for a result; its ID makes a retried save write it once. */
export function calcDeploymentFreqEvent({ computedAt, keys }: DoraResult): IncomingDevopsEvent & { eventId: string } {
  return {
    time: computedAt,
    repo: keys.repo,
    event: CALC_DEPLOYMENT_FREQ,
    eventId: `${CALC_DEPLOYMENT_FREQ}/${keys.repo}/${keys.windowDays}d/${computedAt}`,
    metadata: {
      windowDays: String(keys.windowDays),
      deploys: String(keys.deploymentFrequency.deploys),
      perDay: String(keys.deploymentFrequency.perDay),
      level: keys.deploymentFrequency.level,
    },
  };
}
