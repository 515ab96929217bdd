import type { EdgeFlapStore } from '../../store/edge-flaps';

/** The outage monitor's flap-record activity, run by the orchestration pool (local I/O). */
export function createFlapActivities(store: EdgeFlapStore) {
  return {
    /** These edges' flapping notes are on their tickets: a later cycle does not write them again. */
    async markFlapNoted({ devices }: { devices: Array<{ device: string; since: string }> }): Promise<void> {
      await store.markFlapNoted(devices);
    },
  };
}
export type FlapActivities = ReturnType<typeof createFlapActivities>;
