import { ApplicationFailure, setCurrentDetails, workflowInfo } from '@temporalio/workflow';
import {
  ctsSnapshot,
  dispatchChangeNote,
  formFromCts,
  formFromLit,
  litSnapshot,
  vendorChangeFields,
  type DispatchRequestForm,
} from '../../domain/dispatch';
import { portalBruin, portalCts, portalLit, timelines } from '../activities';
import type { DispatchChangeInput } from './api';
import { autoUpgrade } from '../versioning';

export type { DispatchChangeInput } from './api';

/**
 * A dispatcher's change to a portal dispatch (appointment, site contact, description): written to the
 * vendor over its current record, then the vendor's new snapshot is signalled to the running timeline,
 * which moves its reminders and texts whoever is new, and the ticket gets one note naming what changed,
 * old → new, and who changed it (whatever the dispatch's phase). The acting user is in the input.
 */
export async function dispatchChange(
  input: DispatchChangeInput,
): Promise<{ dispatchNumber: string; fields: string[] }> {
  const { vendor, vendorId, reference, change } = input;
  const what = Object.keys(change).join(', ');
  setCurrentDetails(
    `**${vendor.toUpperCase()} dispatch ${reference}**: change of ${what} by ${input.requestedBy.user}`,
  );
  let snapshot;
  let fields: Record<string, string>;
  let before: Omit<DispatchRequestForm, 'vendor'>;
  if (vendor === 'lit') {
    const current = await portalLit
      .summarized(`LIT: read dispatch ${vendorId}`)
      .getLitDispatch({ dispatchNumber: vendorId });
    before = formFromLit(current);
    fields = vendorChangeFields('lit', reference, before, change);
    const updated = await portalLit
      .summarized(`LIT: change ${what} of dispatch ${vendorId}`)
      .updateLitDispatch({ dispatchNumber: vendorId, fields });
    snapshot = litSnapshot(updated);
  } else {
    const current = await portalCts.summarized(`CTS: read dispatch ${reference}`).getCtsDispatch({ id: vendorId });
    before = formFromCts(current);
    fields = vendorChangeFields('cts', reference, before, change);
    await portalCts
      .summarized(`CTS: change ${what} of dispatch ${reference}`)
      .updateCtsDispatch({ id: vendorId, fields });
    snapshot = ctsSnapshot(await portalCts.getCtsDispatch({ id: vendorId }), input.ctsTimeZone);
  }
  if (!snapshot.ok)
    throw ApplicationFailure.nonRetryable(
      `the vendor's record is not a valid dispatch: ${snapshot.reason}`,
      'InvalidVendorRecord',
    );
  await timelines
    .summarized(`Tell the timeline of dispatch ${snapshot.value.dispatchNumber}`)
    .signalTimeline({ snapshot: snapshot.value });
  const { ticketId, dispatchNumber } = snapshot.value;
  // Retried like the vendor write (a Bruin outage holds the note, never drops it); written once by its change line.
  await portalBruin.summarized(`Ticket ${ticketId}: note the change of ${what}`).appendDispatchNoteOnce({
    ticketId,
    note: dispatchChangeNote({
      vendor,
      dispatchNumber,
      changeId: workflowInfo().workflowId.split('/').at(-1)!,
      before,
      change,
      changedBy: input.requestedBy.user,
    }),
  });
  return { dispatchNumber: snapshot.value.dispatchNumber, fields: Object.keys(fields) };
}
autoUpgrade(dispatchChange);
