import {
  continueAsNew,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { newOutageTicketAlert } from '../../domain/outage';
import { SearchAttr } from '../../domain/search-attributes';
import { gaveUp, orGaveUp } from '../activity-failure';
import { owedBruin, owedDigi, owedMarks, owedNotifier } from '../activities';
import { noteTroubles } from '../service-affecting/note-troubles';
import { oweSignal, owedQuery, type OwedDelivery, type OwedItem, type OwedWorkInput, type OwedWorkResult } from './api';
import { autoUpgrade } from '../versioning';

/** Deliveries kept in the result and carried over a continue-as-new: the latest, for the Web UI. */
const DELIVERIES_KEPT = 50;
/** Item IDs remembered against a second hand-over of the same decision. */
const IDS_KEPT = 500;

/**
 * A subject's owed side effects, delivered in the order they were decided, each waited out for as long as its
 * vendor takes (only a refusal ends an item), then the mark cleared and the run done. Later decisions for the
 * subject arrive as `owe` signals while it runs, so a reopen note still owed is written before the resolve that
 * followed it. The monitors find the subject owed (`owedAmong`, `listOwed`) and hand their decisions here.
 */
export async function owedWork(input: OwedWorkInput): Promise<OwedWorkResult> {
  const { subject } = input;
  const holder = workflowInfo().workflowId;
  const queue: OwedItem[] = [];
  const seen = new Set(input.seen ?? []);
  const delivered: OwedDelivery[] = [...(input.delivered ?? [])];
  const tickets = new Set(delivered.flatMap((d) => (d.ticketId ? [d.ticketId] : [])));
  const devices = new Set<string>();
  const enqueue = (item: OwedItem) => {
    if (seen.has(item.id)) return;
    seen.add(item.id);
    queue.push(item);
    const { step } = item;
    const serviceNumber =
      'serviceNumber' in step ? step.serviceNumber : 'troubles' in step ? step.troubles.edge.serialNumber : undefined;
    for (const d of [serviceNumber, item.edge]) if (d) devices.add(d);
  };
  input.items.forEach(enqueue);
  setHandler(oweSignal, enqueue);
  setHandler(owedQuery, () => ({ owed: [...queue], delivered: [...delivered] }));

  const show = () => {
    upsertSearchAttributes([
      { key: SearchAttr.Outcome, value: queue.length > 0 ? 'owed' : outcomeOf(delivered) },
      ...(devices.size ? [{ key: SearchAttr.EdgeIds, value: [...devices] }] : []),
      ...(tickets.size ? [{ key: SearchAttr.TicketIds, value: [...tickets] }] : []),
    ]);
    setCurrentDetails(
      queue.length > 0
        ? `${queue.length} owed since ${queue[0].owedSince} (${queue.map((i) => i.step.kind).join(', ')}); ` +
            `first owed because ${queue[0].reason}. Delivering in order as the vendor answers; ${delivered.length} delivered`
        : `Nothing owed: ${delivered.length} delivered${delivered.some((d) => d.result === 'failed') ? ', some refused (see result)' : ''}`,
    );
  };

  for (;;) {
    if (queue.length === 0) break;
    await owedMarks.markOwed({ subject, holder, since: queue[0].owedSince });
    while (queue.length > 0) {
      show();
      const done = await deliver(queue[0]);
      if (done.ticketId) tickets.add(done.ticketId);
      delivered.push(done);
      queue.shift();
      if (workflowInfo().continueAsNewSuggested && queue.length > 0)
        await continueAsNew<typeof owedWork>({
          subject,
          items: queue,
          delivered: delivered.slice(-DELIVERIES_KEPT),
          seen: [...seen].slice(-IDS_KEPT),
        });
    }
    // An item handed over while the mark is cleared is in the queue when the clear returns: mark again and go on.
    await owedMarks.clearOwed({ subject, holder });
  }
  show();
  return { subject, delivered: delivered.slice(-DELIVERIES_KEPT) };
}
// Waits out a vendor for as long as it takes, so it must not hold an old build up: it moves to the current one
// (a change to its commands needs patched()).
autoUpgrade(owedWork);

function outcomeOf(delivered: OwedDelivery[]): string {
  return delivered.some((d) => d.result === 'failed') ? 'refused' : 'delivered';
}

/** One owed item, waited out; a refusal (the vendor will refuse again) is recorded and the queue goes on. */
async function deliver(item: OwedItem): Promise<OwedDelivery> {
  const at = () => new Date(Date.now()).toISOString();
  const base = { id: item.id, kind: item.step.kind, owedSince: item.owedSince };
  const result = await orGaveUp(() => perform(item));
  if (gaveUp(result)) return { ...base, result: 'failed', reason: result.gaveUp, deliveredAt: at() };
  return { ...base, result: 'delivered', ...result, deliveredAt: at() };
}

/** What delivering a step found: the ticket it touched and what became of it. */
type Performed = { ticketId?: string; outcome?: string };

async function perform({ step }: OwedItem): Promise<Performed> {
  switch (step.kind) {
    case 'outage-ticket': {
      const { outcome, ticketId } = await owedBruin
        .summarized(`Owed: outage ticket for ${step.serviceNumber}`)
        .raiseOutageTicketOnce({
          clientId: step.clientId,
          serviceNumber: step.serviceNumber,
          note: step.note,
          since: step.since,
        });
      if (outcome === 'ticket-created') {
        await owedNotifier.postSlackMessage({
          step: 'outage-ticket-created',
          businessId: ticketId,
          text: newOutageTicketAlert(ticketId, step.alertDevice),
        });
        if (step.rebootSerial) await owedDigi.rebootDevice({ serial: step.rebootSerial });
      }
      return { ticketId, outcome };
    }
    case 'resolve-outage-ticket': {
      const open = step.ticketId
        ? [step.ticketId]
        : (await owedBruin.openOutageTickets({ serviceNumber: step.serviceNumber })).map((t) => t.ticketId);
      for (const ticketId of open) {
        await owedBruin
          .summarized(`Owed: auto-resolve note on ${ticketId}`)
          .appendTicketNoteOnce({ ticketId, note: step.note });
        await owedBruin.resolveOutageTicket({ ticketId, serviceNumber: step.serviceNumber });
      }
      // Bruin keeps one outage ticket per service number: the first is the one.
      return open.length ? { ticketId: open[0], outcome: 'resolved' } : { outcome: 'nothing-open' };
    }
    case 'service-affecting': {
      const { outcome, ticketId } = await noteTroubles(step.troubles, step.runKey, {
        bruin: owedBruin,
        notifier: owedNotifier,
      });
      return { ticketId, outcome };
    }
    case 'slack':
      await owedNotifier.postSlackMessage({ step: step.step, businessId: step.businessId, text: step.text });
      return { ticketId: step.businessId, outcome: 'posted' };
    case 'digi-reboot':
      await owedDigi.rebootDevice({ serial: step.serial });
      return { outcome: 'rebooted' };
    case 'ticket-note': {
      const outcome = await owedBruin
        .summarized(`Owed: note on ${step.ticketId}`)
        .appendTicketNoteOnce({ ticketId: step.ticketId, note: step.note });
      return { ticketId: step.ticketId, outcome };
    }
    case 'flapping-note': {
      const { ticketId } = await owedBruin
        .summarized(`Owed: flapping note for ${step.serviceNumber}`)
        .noteFlappingEdge({ serviceNumber: step.serviceNumber, note: step.note });
      return ticketId ? { ticketId, outcome: 'noted' } : { outcome: 'nothing-open' };
    }
  }
}
