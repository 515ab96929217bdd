import { doraKeys, LEAD_TIME_LOOKBACK_DAYS, type DoraKeys } from '../domain/dora';
import type { DevopsEventStore } from '../store/devops-events';

const DAY = 86_400_000;

/** The four keys for `repo` over the `windowDays` before `now`, from the stored events. */
export async function computeDoraKeys(
  store: DevopsEventStore,
  repo: string,
  windowDays: number,
  now: number,
): Promise<{ keys: DoraKeys; eventsRead: number }> {
  const from = new Date(now - (windowDays + LEAD_TIME_LOOKBACK_DAYS) * DAY).toISOString();
  const events = await store.devopsEvents(repo, from, new Date(now).toISOString());
  return { keys: doraKeys(events, repo, windowDays, now), eventsRead: events.length };
}
