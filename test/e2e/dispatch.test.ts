import { spawnSync } from 'node:child_process';
import { AUTOMATION_MARKER } from '../../domain/ticket-notes';
import type { DispatchMonitorResult } from '../../workflows/dispatch/dispatch-monitor';
import { timelineQuery } from '../../workflows/dispatch/api';
import { runDispatchCommand } from '../../cli/dispatch-command';
import { tellOwed } from '../../cli/owed-story';
import type { OwedMarksCheck } from '../../activities/app-store/owed-marks';
import { replay } from '../../replay/run';
import { storedBytes } from '../helpers/dev-server';
import { useTestEngine } from '../helpers/engine';
import { TEST_KEY } from '../helpers/env';

type State = {
  vendors: { bruin: { notes: Record<string, { ticketId: string; noteValue: string }> } };
  outbox: { sms: Array<{ to: string; body: string }>; emails: Array<{ to: string[]; subject: string }> };
};

describe('end to end: dispatch monitors and timelines against the sandbox', () => {
  const engine = useTestEngine('dispatch');
  const state = async () => (await engine.sb.call('GET', '/_sandbox/state')).json as State;

  it('a CTS dispatch confirmed in the sandbox gets its SMS and note in one cycle; LIT: not ours ignored, invalid discarded with the reason', async () => {
    const { sb, client } = engine;
    // The demo's ticket 4694962 carries our note for IGZ-0001: the CTS dispatch is ours.
    expect(Object.values((await state()).vendors.bruin.notes).find((n) => n.ticketId === '4694962')?.noteValue).toBe(
      `${AUTOMATION_MARKER}\nDispatch Management - Dispatch Requested\nIGZ Dispatch Number: IGZ-0001`,
    );
    // CTS confirms it for 26 hours from now.
    const appointment = new Date(Date.now() + 26 * 3_600_000).toISOString();
    await sb.call('PATCH', '/_sandbox/cts/dispatches/a1B000000000147735', {
      Status__c: 'Scheduled',
      Local_Site_Time__c: appointment,
      API_Resource_Name__c: 'Joe Tech',
      Resource_Phone_Number__c: '(305) 555-0100',
    });

    const cycle = await engine.triggerSchedule<DispatchMonitorResult>('cts-dispatch-monitor');
    expect(cycle.result).toMatchObject({ vendor: 'cts', listed: 1, discarded: 0, notOurs: 0, started: 1, updated: 0 });
    let sms: State['outbox']['sms'] = [];
    for (let i = 0; i < 100 && sms.length < 2; i++) {
      sms = (await state()).outbox.sms;
      if (sms.length < 2) await new Promise((r) => setTimeout(r, 100));
    }
    // The site contact and the technician (CTS's Resource_Phone_Number__c), each their own text; the technician's
    // names the ticket site's address from Bruin and the site contact.
    expect(sms).toHaveLength(2);
    expect(sms).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          to: '+13055550187',
          body: expect.stringMatching(
            /^MetTel: your field service visit is confirmed for .* Your technician: Joe Tech, \+1 305-555-0100\. \(MetTel ticket 4694962, CTS dispatch S-147735\)$/,
          ),
        }),
        expect.objectContaining({
          to: '+13055550100',
          body: expect.stringMatching(
            /^MetTel: you are booked for a field service visit on .* at 45 Lakeview Ave, Tampa, FL 33602\. Site contact: John Roe, \+1 305-555-0187\. \(MetTel ticket 4694962, CTS dispatch S-147735\)$/,
          ),
        }),
      ]),
    );
    const timeline = client.workflow.getHandle('dispatch/cts/S-147735');
    let view = await timeline.query(timelineQuery);
    for (let i = 0; i < 50 && view.log.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      view = await timeline.query(timelineQuery);
    }
    expect(view).toMatchObject({
      phase: 'confirmed',
      reminders: { 'reminder-12h': 'pending', 'reminder-2h': 'pending' },
      log: [
        { event: 'confirmed', sms: 'sent', note: 'written' },
        { event: 'confirmed', recipient: 'technician', sms: 'sent', note: 'none' },
      ],
    });
    expect(view.nextReminder).toEqual({
      event: 'reminder-12h',
      at: new Date(Date.parse(appointment) - 12 * 3_600_000).toISOString(),
    });
    const notes = Object.values((await state()).vendors.bruin.notes).filter((n) => n.ticketId === '4694962');
    expect(notes.map((n) => n.noteValue.split('\n')[1]).sort()).toEqual([
      'Dispatch Management - Dispatch Confirmed',
      'Dispatch Management - Dispatch Requested',
    ]);
    const described = await timeline.describe();
    expect(described.typedSearchAttributes.get({ name: 'Vendor', type: 'KEYWORD' } as never)).toBe('cts');
    expect(described.typedSearchAttributes.get({ name: 'TicketId', type: 'KEYWORD' } as never)).toBe('4694962');

    // Nothing changed at the vendor: once the timeline's memo (the snapshot it applied) is visible, ten
    // more cycles leave it alone, and its history gains no event (issue 18 item 8).
    for (let i = 0; i < 100; i++) {
      let memo: Record<string, unknown> | undefined;
      for await (const run of client.workflow.list({ query: `WorkflowId = 'dispatch/cts/S-147735'` })) memo = run.memo;
      if (typeof memo?.snapshot === 'string') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const eventsBefore = (await timeline.fetchHistory()).events?.length;
    for (let cycle = 0; cycle < 10; cycle++) {
      expect((await engine.triggerSchedule<DispatchMonitorResult>('cts-dispatch-monitor')).result).toMatchObject({
        updated: 0,
        unchanged: 1,
        started: 0,
      });
    }
    expect((await timeline.fetchHistory()).events?.length).toBe(eventsBefore);

    // LIT: the demo's DIS37450 is on a ticket with no note of ours; DIS-BAD has no usable ticket ID.
    await sb.call('POST', '/_sandbox/lit/dispatches', {
      id: 'DIS-BAD',
      Dispatch_Number: 'DIS-BAD',
      MetTel_Bruin_TicketID: 'unknown',
      Dispatch_Status: 'Request Confirmed',
      Date_of_Dispatch: '2026-12-01',
      Hard_Time_of_Dispatch_Local: '10:00AM',
      Hard_Time_of_Dispatch_Time_Zone_Local: 'Eastern Time',
      Job_Site_Contact_Name_and_Phone_Number: 'Ann +12125550111',
    });
    // And one on a ticket Bruin does not know: discarded with the reason, the cycle goes on.
    await sb.call('POST', '/_sandbox/lit/dispatches', {
      id: 'DIS-GONE',
      Dispatch_Number: 'DIS-GONE',
      MetTel_Bruin_TicketID: '9999999',
      Dispatch_Status: 'New Dispatch',
      Date_of_Dispatch: '2026-12-01',
      Hard_Time_of_Dispatch_Local: '10:00AM',
      Hard_Time_of_Dispatch_Time_Zone_Local: 'Eastern Time',
      Job_Site_Contact_Name_and_Phone_Number: 'Ann +12125550111',
    });
    const lit = await engine.triggerSchedule<DispatchMonitorResult>('lit-dispatch-monitor');
    expect(lit.result).toMatchObject({ vendor: 'lit', listed: 3, discarded: 2, notOurs: 1, started: 0 });
    expect(lit.result.discards).toEqual([
      { dispatchNumber: 'DIS-BAD', reason: 'DIS-BAD: MetTel_Bruin_TicketID "unknown" is not a Bruin ticket ID' },
      {
        dispatchNumber: 'DIS-GONE',
        reason: expect.stringMatching(
          /^DIS-GONE: Bruin ticket 9999999 could not be read \(VendorRejectedError: bruin GET ticket details answered 404/,
        ),
      },
    ]);
    expect((await state()).outbox.sms).toHaveLength(2);

    // An engineer replays the running timeline against the current code, through the CLI.
    const cli = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'cli/replay.ts', 'dispatch/cts/S-147735'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        APP_ENV: 'test',
        TEMPORAL_ADDRESS: engine.server.address,
        PAYLOAD_KEY_ID: 'test-1',
        PAYLOAD_KEY: TEST_KEY,
      },
    });
    expect(cli.stdout.trim()).toMatch(
      /^ok: dispatch\/cts\/S-147735 \(dispatchTimeline\) replays against the current workflow code \(\d+ events\)\.$/,
    );
    expect(cli.status).toBe(0);

    // Reset to the first workflow task (the runbook's re-run): the new run redoes the confirmation
    // with the current code, and neither the SMS nor the note goes out twice.
    const history = await timeline.fetchHistory();
    const firstTask = (history.events ?? []).find((e) => e.workflowTaskCompletedEventAttributes)!;
    const { runId } = await client.workflowService.resetWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId: 'dispatch/cts/S-147735' },
      reason: 'e2e: re-run after a fix',
      workflowTaskFinishEventId: firstTask.eventId,
      requestId: `reset-${Date.now()}`,
    });
    const rerun = client.workflow.getHandle('dispatch/cts/S-147735', runId ?? undefined);
    let replayed = await rerun.query(timelineQuery);
    for (let i = 0; i < 100 && replayed.log.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      replayed = await rerun.query(timelineQuery);
    }
    expect(replayed.log).toEqual([
      expect.objectContaining({ event: 'confirmed', sms: 'already-sent', note: 'already-there' }),
      expect.objectContaining({ event: 'confirmed', recipient: 'technician', sms: 'already-sent' }),
    ]);
    expect((await state()).outbox.sms).toHaveLength(2);
    expect(Object.values((await state()).vendors.bruin.notes).filter((n) => n.ticketId === '4694962')).toHaveLength(2);

    // Had its earlier run owed an SMS (Twilio down past its retries), it would have marked itself owed, as here an
    // hour ago; the reset run starts from a state that owes nothing, so no run of it clears that mark. `npm run story
    // -- owed` says so, and the owed marks check clears it: SideEffectsOwedTooLong does not fire for it.
    await engine.store.markOwed('dispatch/cts/S-147735', 'dispatch/cts/S-147735', new Date(Date.now() - 3_600_000));
    expect(await tellOwed(client, engine.store, { uiBase: 'http://ui' })).toContain(
      '  owes nothing now: its mark outlived what it owed (the owed marks check clears it)',
    );
    const marksCheck = await engine.triggerSchedule<OwedMarksCheck>('owed-marks-check');
    expect(marksCheck.result.cleared).toEqual([
      expect.objectContaining({
        subject: 'dispatch/cts/S-147735',
        holderStatus: 'RUNNING',
        why: 'holder-owes-nothing',
      }),
    ]);
    expect(await engine.store.owedAmong(['dispatch/cts/S-147735'])).toEqual([]);

    // `npm run dispatch -- show|cancel`: phones masked; a cancel request emails CTS's cancel desk once and notes the ticket.
    const shown = JSON.parse(
      await runDispatchCommand(client, { command: 'show', vendor: 'cts', dispatchNumber: 'S-147735' }),
    ) as {
      phase: string;
      toldSitePhone: string;
      snapshot: { sitePhone: string; techPhone: string };
    };
    expect(shown).toMatchObject({
      phase: 'confirmed',
      toldSitePhone: '**********87',
      snapshot: { sitePhone: '**********87', techPhone: '**********00' },
    });
    expect(JSON.stringify(shown)).not.toMatch(/555.?0187|555.?0100/);
    const cancel = {
      command: 'cancel',
      vendor: 'cts',
      dispatchNumber: 'S-147735',
      reason: 'customer fixed it',
    } as const;
    expect(await runDispatchCommand(client, cancel)).toBe(
      'cancellation requested for dispatch/cts/S-147735; CTS gets the email once',
    );
    await runDispatchCommand(client, cancel);
    let emails: State['outbox']['emails'] = [];
    for (let i = 0; i < 100 && emails.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      emails = (await state()).outbox.emails;
    }
    await new Promise((r) => setTimeout(r, 500));
    expect((await state()).outbox.emails).toEqual([
      expect.objectContaining({
        to: ['dispatch-cancel@cts.example.com'],
        subject: 'Cancel dispatch S-147735 (MetTel ticket 4694962)',
      }),
    ]);

    // The site contact's number never reaches the server in plaintext: payloads are encrypted.
    await client.workflow.getHandle('dispatch/cts/S-147735').terminate('e2e done');
    const bytes = storedBytes(engine.server);
    expect(bytes).toContain('dispatch/cts/S-147735'); // positive control: the history is in what we read
    expect(bytes).toContain('sendSms'); // ...its events' own bytes too (an activity type inside the history blobs)
    for (const pii of ['+13055550187', '3055550187', '305-555-0187', 'John Roe', '3055550100', '305-555-0100'])
      expect(bytes).not.toContain(pii);
    // What the CLI says of a timeline that has ended, and of one that never was.
    await expect(runDispatchCommand(client, cancel)).rejects.toThrow(
      'dispatch/cts/S-147735 has ended: there is nothing left to cancel',
    );
    await expect(
      runDispatchCommand(client, { command: 'show', vendor: 'lit', dispatchNumber: 'DIS-NONE' }),
    ).rejects.toThrow(
      'no dispatch timeline dispatch/lit/DIS-NONE: the LIT dispatch monitor starts one once it sees the dispatch',
    );
    await expect(replay({ workflowId: 'dispatch/lit/DIS-NONE' }, { client })).rejects.toThrow(
      'no workflow dispatch/lit/DIS-NONE in namespace default: check the ID',
    );
  });
});
