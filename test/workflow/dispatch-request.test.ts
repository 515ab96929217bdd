import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { DispatchTimelineActivities } from '../../activities/dispatch/activities';
import type { DispatchRequestForm, DispatchSnapshot } from '../../domain/dispatch';
import { AUTOMATION_MARKER } from '../../domain/ticket-notes';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { buildActivities } from '../../workers/activities';
import { dispatchChange, dispatchRequest } from '../../workflows';
import { testConfig } from '../helpers/env';
import { useTestSandbox } from '../helpers/sandbox';
import { useWorkflowTestEnv, withWorkers } from '../helpers/time-skipping';

type Vendors = {
  bruin: { notes: Record<string, { ticketId: string; noteValue: string }> };
  cts: { dispatches: Record<string, Record<string, unknown>> };
  lit: { dispatches: Record<string, Record<string, unknown>> };
};

const FORM: Omit<DispatchRequestForm, 'vendor'> = {
  ticketId: '4694970',
  date: '2027-03-10',
  time: '14:30',
  timeZone: 'America/Chicago',
  contactName: 'Dana Smith',
  contactPhone: '+12125550142',
  description: 'Replace the edge',
};
const actor = { user: 'dana', role: 'dispatcher' as const };

describe('dispatch request and change (time-skipping server; the real LIT, CTS and Bruin activities against the sandbox)', () => {
  const ctx = useWorkflowTestEnv();
  const sb = useTestSandbox('demo');
  const config = () => testConfig(sb.env);
  const vendors = async () => (await sb.call('GET', '/_sandbox/state')).json.vendors as Vendors;
  let delivered: DispatchSnapshot[];
  let signalled: DispatchSnapshot[];
  let timelineRunning: boolean;

  beforeEach(() => {
    delivered = [];
    signalled = [];
    timelineRunning = true;
  });

  const queues = () => {
    const deps = { ledger: new SqliteAppStore(':memory:') };
    const timelines: Pick<DispatchTimelineActivities, 'deliverSnapshots' | 'signalTimeline'> = {
      deliverSnapshots: async ({ snapshots }) => {
        delivered.push(...snapshots);
        return snapshots.length;
      },
      signalTimeline: async ({ snapshot }) => {
        if (!timelineRunning) {
          throw ApplicationFailure.nonRetryable('the timeline is not running', 'TimelineNotRunning');
        }
        signalled.push(snapshot);
      },
    };
    return {
      orchestration: timelines,
      lit: buildActivities('lit', config(), deps),
      cts: buildActivities('cts', config(), deps),
      bruin: buildActivities('bruin', config(), deps),
    };
  };
  const request = (vendor: 'lit' | 'cts', reference: string, workflowId = `dispatch-request/${vendor}/${reference}`) =>
    ctx.env.client.workflow.execute(dispatchRequest, {
      taskQueue: 'orchestration',
      workflowId,
      args: [
        {
          reference,
          form: { ...FORM, vendor },
          requestedBy: actor,
          ctsTimeZone: 'America/New_York',
          completeAfterHours: 24,
          cancelEmail: `cancel@${vendor}.example.com`,
        },
      ],
    });

  it('CTS: created once (a second run finds it), the note written once, the timeline started with the first snapshot', async () => {
    const reference = 'IGZ-00000000c1';
    const first = await withWorkers(ctx, queues(), () => request('cts', reference));
    expect(first).toMatchObject({
      vendor: 'cts',
      reference,
      created: true,
      timelineWorkflowId: `dispatch/cts/${first.dispatchNumber}`,
    });
    const records = Object.values((await vendors()).cts.dispatches).filter((d) =>
      String(d.Description__c).includes(reference),
    );
    expect(records).toEqual([
      expect.objectContaining({
        Name: first.dispatchNumber,
        Ext_Ref_Num__c: '4694970',
        // 14:30 in Chicago on 10 March 2027 (CST) is 20:30 UTC.
        Local_Site_Time__c: '2027-03-10T20:30:00.000Z',
        Description__c: `IGZ Dispatch Number: ${reference}\nOnsite Contact: Dana Smith +1 212-555-0142\nSite Time Zone: America/Chicago\nScope of Work: Replace the edge`,
      }),
    ]);
    expect(delivered).toEqual([
      expect.objectContaining({
        vendor: 'cts',
        dispatchNumber: first.dispatchNumber,
        reference,
        status: 'requested',
        sitePhone: '+12125550142',
        appointment: '2027-03-10T20:30:00.000Z',
      }),
    ]);

    // An attempt that lost its answer (here: a second run for the same reference) finds the dispatch.
    const second = await withWorkers(ctx, queues(), () => request('cts', reference, `${reference}-again`));
    expect(second).toMatchObject({ dispatchNumber: first.dispatchNumber, vendorId: first.vendorId, created: false });
    expect(
      Object.values((await vendors()).cts.dispatches).filter((d) => String(d.Description__c).includes(reference)),
    ).toHaveLength(1);
    const notes = Object.values((await vendors()).bruin.notes).filter((n) => n.noteValue.includes(reference));
    expect(notes.map((n) => n.noteValue)).toEqual([
      `${AUTOMATION_MARKER}\nDispatch Management - Dispatch Requested\nIGZ Dispatch Number: ${reference}\n` +
        `CTS dispatch ${first.dispatchNumber}\nRequested by dana through the dispatch portal`,
    ]);
  });

  it('LIT: created with its own field names; a change of appointment and contact goes to LIT and to the timeline', async () => {
    const reference = 'IGZ-00000000a1';
    const created = await withWorkers(ctx, queues(), () => request('lit', reference));
    expect((await vendors()).lit.dispatches[created.dispatchNumber]).toMatchObject({
      MetTel_Bruin_TicketID: '4694970',
      Date_of_Dispatch: '2027-03-10',
      Hard_Time_of_Dispatch_Local: '2:30PM',
      Hard_Time_of_Dispatch_Time_Zone_Local: 'America/Chicago',
      Job_Site_Contact_Name_and_Phone_Number: 'Dana Smith +1 212-555-0142',
      Scope_of_Work: `IGZ Dispatch Number: ${reference}\nReplace the edge`,
      Dispatch_Status: 'New Dispatch',
    });
    const changed = await withWorkers(ctx, queues(), () =>
      ctx.env.client.workflow.execute(dispatchChange, {
        taskQueue: 'orchestration',
        workflowId: `dispatch-change/lit/${reference}/0000000001`,
        args: [
          {
            vendor: 'lit',
            reference,
            vendorId: created.vendorId,
            change: {
              date: '2027-03-11',
              time: '09:00',
              timeZone: 'America/Chicago',
              contactName: 'Lee Park',
              contactPhone: '+13055550100',
            },
            requestedBy: actor,
            ctsTimeZone: 'America/New_York',
          },
        ],
      }),
    );
    expect(changed.fields.sort()).toEqual([
      'Date_of_Dispatch',
      'Hard_Time_of_Dispatch_Local',
      'Hard_Time_of_Dispatch_Time_Zone_Local',
      'Job_Site_Contact_Name_and_Phone_Number',
    ]);
    expect((await vendors()).lit.dispatches[created.dispatchNumber]).toMatchObject({
      Date_of_Dispatch: '2027-03-11',
      Hard_Time_of_Dispatch_Local: '9:00AM',
      Job_Site_Contact_Name_and_Phone_Number: 'Lee Park +1 305-555-0100',
      Scope_of_Work: `IGZ Dispatch Number: ${reference}\nReplace the edge`,
    });
    expect(signalled).toEqual([
      expect.objectContaining({ appointment: '2027-03-11T15:00:00.000Z', sitePhone: '+13055550100' }),
    ]);
    // One note on the ticket names what changed, old → new, and who; phones by their last four digits only.
    const changeNotes = Object.values((await vendors()).bruin.notes)
      .map((n) => n.noteValue)
      .filter((n) => n.includes('Dispatch Changed') && n.includes(created.dispatchNumber));
    expect(changeNotes).toEqual([
      [
        AUTOMATION_MARKER,
        'Dispatch Management - Dispatch Changed',
        `Dispatch Number: ${created.dispatchNumber} / Change: 0000000001`,
        'Vendor: LIT',
        'Appointment: 2027-03-10 14:30 (America/Chicago) → 2027-03-11 09:00 (America/Chicago)',
        'Site contact: Dana Smith, phone ending 0142 → Lee Park, phone ending 0100',
        `Changed by ${actor.user} through the dispatch portal`,
      ].join('\n'),
    ]);
  });

  it('CTS change of description rewrites Description__c, keeping the reference and contact; a finished timeline fails the change', async () => {
    const reference = 'IGZ-00000000c2';
    const created = await withWorkers(ctx, queues(), () => request('cts', reference));
    const change = (description: string, n: number) =>
      ctx.env.client.workflow.execute(dispatchChange, {
        taskQueue: 'orchestration',
        workflowId: `dispatch-change/cts/${reference}/000000000${n}`,
        args: [
          {
            vendor: 'cts',
            reference,
            vendorId: created.vendorId,
            change: { description },
            requestedBy: actor,
            ctsTimeZone: 'America/New_York',
          },
        ],
      });
    expect((await withWorkers(ctx, queues(), () => change('Bring a spare router', 1))).fields).toEqual([
      'Description__c',
    ]);
    expect((await vendors()).cts.dispatches[created.vendorId].Description__c).toBe(
      `IGZ Dispatch Number: ${reference}\nOnsite Contact: Dana Smith +1 212-555-0142\nSite Time Zone: America/Chicago\nScope of Work: Bring a spare router`,
    );
    expect(signalled).toHaveLength(1);
    const changeNotes = Object.values((await vendors()).bruin.notes)
      .map((n) => n.noteValue)
      .filter((n) => n.includes('Dispatch Changed') && n.includes(created.dispatchNumber));
    expect(changeNotes).toHaveLength(1);
    expect(changeNotes[0]).toContain('\nScope of work: "Replace the edge" → "Bring a spare router"\n');

    timelineRunning = false;
    const failed = await withWorkers(ctx, queues(), () => change('too late', 2)).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(WorkflowFailedError);
    expect(((failed as WorkflowFailedError).cause?.cause as Error | undefined)?.message).toBe(
      'the timeline is not running',
    );
  });

  it('a vendor record that does not read as a dispatch fails the request with the reason, creating nothing more', async () => {
    const reference = 'IGZ-00000000a2';
    // An earlier attempt's record, broken since at LIT: find-or-create finds it and cannot read it.
    await sb.call('POST', '/_sandbox/lit/dispatches', {
      id: 'DIS99001',
      Dispatch_Number: 'DIS99001',
      MetTel_Bruin_TicketID: '4694970',
      Dispatch_Status: 'New Dispatch',
      Date_of_Dispatch: '2027-03-10',
      Hard_Time_of_Dispatch_Local: '2:30PM',
      Hard_Time_of_Dispatch_Time_Zone_Local: 'America/Chicago',
      Job_Site_Contact_Name_and_Phone_Number: 'front desk',
      Scope_of_Work: `IGZ Dispatch Number: ${reference}\nReplace the edge`,
    });
    const litBefore = Object.keys((await vendors()).lit.dispatches).length;
    const failed = await withWorkers(ctx, queues(), () => request('lit', reference)).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(WorkflowFailedError);
    expect((failed as WorkflowFailedError).cause?.message).toBe(
      "the vendor's record is not a valid dispatch: DIS99001: Job_Site_Contact_Name_and_Phone_Number holds no US phone number",
    );
    expect(Object.keys((await vendors()).lit.dispatches)).toHaveLength(litBefore);
    expect(delivered).toEqual([]);
  });
});
