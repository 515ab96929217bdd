import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { SearchAttr } from '../../domain/search-attributes';

export type RecheckOutcome =
  | 'recovered'
  | 'ticket-created'
  | 'ticket-unresolved'
  | 'ticket-in-progress'
  | 'dry-run'
  /** Its ticket step is owed: the device's owed queue (`owedWork`) delivers it when the vendor answers. */
  | 'owed';
export type IntendedAction =
  | { action: 'create-ticket'; serviceNumber: string }
  | { action: 'unresolve-ticket'; ticketId: string }
  | { action: 'append-note'; ticketId: string | 'new' }
  | { action: 'slack'; ticketId: string | 'new' }
  | { action: 'reboot'; serial: string }
  /** Dry run: one message for an enterprise's new tickets (an outage storm), instead of their `slack` actions. */
  | { action: 'storm-alert'; enterprise: string; tickets: number }
  /** Dry run: a flapping edge's note, on its open ticket, once per episode (its ticket is held open). */
  | { action: 'flapping-note'; serviceNumber: string };

export interface RecheckResult {
  outcome: RecheckOutcome;
  ticketId?: string;
  /** What was done, or in dry-run mode what would have been done. */
  actions: IntendedAction[];
  /** The device, and why its ticket step is owed (outcome `owed`). */
  device?: string;
  reason?: string;
}

/** Records a recheck's outcome where ops look: search attributes and current details. */
export function finishRecheck(result: RecheckResult): RecheckResult {
  upsertSearchAttributes([
    { key: SearchAttr.Outcome, value: result.outcome },
    ...(result.ticketId ? [{ key: SearchAttr.TicketId, value: result.ticketId }] : []),
  ]);
  setCurrentDetails(`Outcome: ${result.outcome}${result.ticketId ? `, ticket ${result.ticketId}` : ''}`);
  return result;
}
