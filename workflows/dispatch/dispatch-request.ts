import { ApplicationFailure, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import {
  ctsRequestFields,
  ctsSnapshot,
  dispatchRequestedNote,
  litRequestFields,
  litSnapshot,
  noteTextWritten,
  type DispatchSnapshot,
} from '../../domain/dispatch';
import { SearchAttr } from '../../domain/search-attributes';
import { dispatchWorkflowId } from '../../domain/workflow-ids';
import { portalBruin, portalCts, portalLit, timelines } from '../activities';
import type { DispatchRequestInput, DispatchRequestResult } from './api';
import { pinned } from '../versioning';

export type { DispatchRequestInput, DispatchRequestResult } from './api';

/**
 * A dispatch asked for in the portal: created at the vendor once (find-or-create by the portal's
 * reference), the "Dispatch Requested" note on the Bruin ticket (which makes it ours for the monitor),
 * then its timeline started with the vendor's first snapshot. The acting user is in the input: this
 * history is the audit trail of who asked.
 */
export async function dispatchRequest(input: DispatchRequestInput): Promise<DispatchRequestResult> {
  const { form, reference } = input;
  const vendorName = form.vendor.toUpperCase();
  setCurrentDetails(
    `**${vendorName} dispatch ${reference}** for ticket ${form.ticketId}, requested by ${input.requestedBy.user}: ` +
      `pending at ${vendorName} (retried until ${vendorName} takes it)`,
  );
  const { snapshot, vendorId, created } = await createAtVendor(input);
  upsertSearchAttributes([{ key: SearchAttr.DispatchNumber, value: snapshot.dispatchNumber }]);

  const note = dispatchRequestedNote({
    vendor: form.vendor,
    reference,
    dispatchNumber: snapshot.dispatchNumber,
    requestedBy: input.requestedBy.user,
  });
  const notes = await portalBruin
    .summarized(`Ticket ${form.ticketId}: notes (dispatch ${reference})`)
    .ticketNotes({ ticketId: form.ticketId });
  if (!noteTextWritten(note, notes))
    await portalBruin
      .summarized(`Ticket ${form.ticketId}: note Dispatch Requested (${reference})`)
      .appendTicketNote({ ticketId: form.ticketId, note });

  await timelines
    .summarized(`Start the timeline of ${vendorName} dispatch ${snapshot.dispatchNumber}`)
    .deliverSnapshots({
      snapshots: [snapshot],
      completeAfterHours: input.completeAfterHours,
      cancelEmail: input.cancelEmail,
    });
  const timelineWorkflowId = dispatchWorkflowId(form.vendor, snapshot.dispatchNumber);
  setCurrentDetails(
    `**${vendorName} dispatch ${snapshot.dispatchNumber}** (${reference}) for ticket ${form.ticketId}, requested by ` +
      `${input.requestedBy.user}: ${created ? 'created' : 'found (created by an earlier attempt)'}; timeline ${timelineWorkflowId}`,
  );
  return {
    vendor: form.vendor,
    reference,
    dispatchNumber: snapshot.dispatchNumber,
    vendorId,
    timelineWorkflowId,
    created,
  };
}
// Waits up to a week at the vendor: it finishes on the build it started on.
pinned(dispatchRequest);

async function createAtVendor(
  input: DispatchRequestInput,
): Promise<{ snapshot: DispatchSnapshot; vendorId: string; created: boolean }> {
  const { form, reference } = input;
  if (form.vendor === 'lit') {
    const { dispatch, created } = await portalLit
      .summarized(`LIT: create dispatch ${reference} for ticket ${form.ticketId}`)
      .requestLitDispatch({ reference, fields: litRequestFields(form, reference) });
    return { snapshot: snapshotOrFail(litSnapshot(dispatch)), vendorId: dispatch.Dispatch_Number, created };
  }
  const { dispatch, created } = await portalCts
    .summarized(`CTS: create dispatch ${reference} for ticket ${form.ticketId}`)
    .requestCtsDispatch({ reference, fields: ctsRequestFields(form, reference) });
  return { snapshot: snapshotOrFail(ctsSnapshot(dispatch, input.ctsTimeZone)), vendorId: dispatch.Id, created };
}

/** The vendor's record of what we just created must read as a dispatch; if not, say why rather than guess. */
function snapshotOrFail(parsed: { ok: true; value: DispatchSnapshot } | { ok: false; reason: string }) {
  if (parsed.ok) return parsed.value;
  throw ApplicationFailure.nonRetryable(
    `the vendor's record is not a valid dispatch: ${parsed.reason}`,
    'InvalidVendorRecord',
  );
}
