import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { OwedSubject } from '../../domain/workflow-ids';
import type { TroublesToTell } from '../service-affecting/note-troubles';

/**
 * A side effect the engine decided on, as it is owed: everything needed to deliver it later, composed when
 * the decision was made (the note's text, the alert's words), so a later delivery says what was seen then.
 */
export type OwedStep =
  /** A device confirmed down: its outage ticket created and noted, or reopened and noted; a new one alerted (and its modem rebooted when asked). */
  | {
      kind: 'outage-ticket';
      clientId: string;
      serviceNumber: string;
      note: string;
      /** When the deciding run started (ISO): a ticket opened since then with no other run's note is this decision's. */
      since: string;
      /** Which device, in the NOC's alert of a new ticket (`newOutageTicketAlert`). */
      alertDevice: string;
      rebootSerial?: string;
    }
  /** A troubled edge's service-affecting step (`noteTroubles`), repeated until done, its messages keyed by the deciding run. */
  | { kind: 'service-affecting'; troubles: TroublesToTell; runKey: string }
  /**
   * A device healthy again: its open ticket (the one named, outage or VAS, or any open outage ticket for the
   * service number) noted and resolved.
   */
  | { kind: 'resolve-outage-ticket'; serviceNumber: string; ticketId?: string; note: string }
  /** A Slack message through the ledger (`step` and `businessId` are its idempotency key). */
  | { kind: 'slack'; step: string; businessId: string; text: string }
  /** A Digi modem reboot asked for with a new ticket. */
  | { kind: 'digi-reboot'; serial: string }
  /** A note on a known ticket, written once (a retry finds it there). */
  | { kind: 'ticket-note'; ticketId: string; note: string }
  /** A flapping edge's note, once, on its open outage ticket (after its reopen, when that is owed too). */
  | { kind: 'flapping-note'; serviceNumber: string; note: string };

export interface OwedItem {
  /** Unique per decision (`<deciding workflow ID>/<what>`): the same item handed over twice is queued once. */
  id: string;
  step: OwedStep;
  /** The workflow that decided it, for the Web UI's trail. */
  decidedBy: string;
  /** When it became owed (ISO). */
  owedSince: string;
  /** Why it could not be delivered then (the vendor's last error). */
  reason: string;
  /** The device as the Web UI's `EdgeIds` name it (`host/edgeId`), when the decider knew it. */
  edge?: string;
}

/** What became of one owed item. */
export interface OwedDelivery {
  id: string;
  kind: OwedStep['kind'];
  /** delivered: done (or found done); failed: the vendor refused it for good (`reason`), nothing more can be done. */
  result: 'delivered' | 'failed';
  ticketId?: string;
  /** For an outage ticket: created, unresolved (reopened) or in progress; for a resolve: resolved or nothing open. */
  outcome?: string;
  reason?: string;
  owedSince: string;
  deliveredAt: string;
}

export interface OwedWorkInput {
  subject: OwedSubject;
  items: OwedItem[];
  /** Carried over a continue-as-new: what this queue already delivered (the latest only) and the IDs it has seen. */
  delivered?: OwedDelivery[];
  seen?: string[];
}

export interface OwedWorkResult {
  subject: OwedSubject;
  delivered: OwedDelivery[];
}

/** Hands one more owed item to a subject's queue; it is delivered after those before it. */
export const oweSignal = defineSignal<[OwedItem]>('owe');

/** What a subject still owes, oldest first, and what it delivered. */
export const owedQuery = defineQuery<{ owed: OwedItem[]; delivered: OwedDelivery[] }>('owed');
