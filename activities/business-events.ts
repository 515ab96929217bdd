import type { NoteKind } from '../domain/note-kinds';

/**
 * What the business did, as the activities that did it report it (workflows cannot set metrics):
 * counted once per side effect that happened, not per attempt.
 */
export type BusinessEvent =
  | { kind: 'ticket'; category: 'VOO' | 'VAS'; outcome: 'created' | 'in-progress-exists' | 'resolved-exists' }
  | { kind: 'ticket-status'; status: 'resolved' | 'reopened' }
  | { kind: 'note'; note: NoteKind }
  /** Devices a monitor's check left alone because a maintenance window covers them (per look, not per side effect). */
  | { kind: 'in-maintenance'; monitor: 'outage' | 'hawkeye' | 'service-affecting'; devices: number };

let observer: ((event: BusinessEvent) => void) | undefined;

/** Where this process's business events are counted (its app metrics); process-wide like the vendor calls. */
export function observeBusinessEvents(observe: ((event: BusinessEvent) => void) | undefined): void {
  observer = observe;
}

export function reportBusinessEvent(event: BusinessEvent): void {
  observer?.(event);
}
