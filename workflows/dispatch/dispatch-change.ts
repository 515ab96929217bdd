import { ApplicationFailure, setCurrentDetails } from '@temporalio/workflow';
import { ctsSnapshot, formFromCts, formFromLit, litSnapshot, vendorChangeFields } from '../../domain/dispatch';
import { portalCts, portalLit, timelines } from '../activities';
import type { DispatchChangeInput } from './api';
import { autoUpgrade } from '../versioning';

export type { DispatchChangeInput } from './api';

/**
 * A dispatcher's change to a portal dispatch (appointment, site contact, description): written to the
 * vendor over its current record, then the vendor's new snapshot is signalled to the running timeline,
 * which moves its reminders and tells the ticket. The acting user is in the input (the audit trail).
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
  if (vendor === 'lit') {
    const current = await portalLit
      .summarized(`LIT: read dispatch ${vendorId}`)
      .getLitDispatch({ dispatchNumber: vendorId });
    fields = vendorChangeFields('lit', reference, formFromLit(current), change);
    const updated = await portalLit
      .summarized(`LIT: change ${what} of dispatch ${vendorId}`)
      .updateLitDispatch({ dispatchNumber: vendorId, fields });
    snapshot = litSnapshot(updated);
  } else {
    const current = await portalCts.summarized(`CTS: read dispatch ${reference}`).getCtsDispatch({ id: vendorId });
    fields = vendorChangeFields('cts', reference, formFromCts(current), change);
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
  return { dispatchNumber: snapshot.value.dispatchNumber, fields: Object.keys(fields) };
}
autoUpgrade(dispatchChange);
