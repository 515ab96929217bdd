import { Context } from '@temporalio/activity';
import { Worker } from '@temporalio/worker';
import { createAppStoreActivities } from '../../activities/app-store/activities';
import { createNotifierActivities } from '../../activities/notifier/activities';
import { tellOwed } from '../../cli/owed-story';
import { failureForStatus } from '../../activities/vendor-errors';
import { initialTimeline, transition, type DispatchSnapshot } from '../../domain/dispatch';
import { keyToken } from '../../domain/idempotency';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { dispatchTimeline } from '../../workflows';
import {
  cancelRequested,
  dispatchUpdated,
  timelineQuery,
  type DispatchTimelineInput,
} from '../../workflows/dispatch/api';
import { FakeBruin } from '../helpers/fake-vendors';
import { orchestrationWorker, useWorkflowTestEnv } from '../helpers/time-skipping';
import type { EmailMessage } from '../../activities/notifier/channels';

const H = 3_600_000;

describe('dispatch timeline workflow (time-skipping server)', () => {
  const ctx = useWorkflowTestEnv();

  /** Real notifier activities over an in-memory ledger; the SMS "provider" records what it got and when (server time). */
  function harness(opts: { failFirstSms?: number; noStickyCache?: boolean } = {}) {
    const sms: Array<{ to: string; body: string; at: number }> = [];
    /** Twilio answers 503 to every attempt scheduled before this (server time). */
    const twilio = { downUntil: 0 };
    const emails: EmailMessage[] = [];
    let failures = opts.failFirstSms ?? 0;
    const ledger = new SqliteAppStore(':memory:');
    const bruin = new FakeBruin();
    const notifier = createNotifierActivities({
      ledger,
      defaultSlackChannel: '#noc',
      email: {
        send: async (m) => {
          emails.push(m);
          return { providerId: `e${emails.length}` };
        },
      },
      slack: { post: async () => ({ providerId: 's' }) },
      sms: {
        send: async (m) => {
          if (Context.current().info.currentAttemptScheduledTimestampMs < twilio.downUntil)
            throw failureForStatus('twilio', 'POST Messages', 503, 'service unavailable');
          if (failures > 0) {
            failures--;
            throw failureForStatus('twilio', 'POST Messages', 503, 'service unavailable');
          }
          sms.push({ ...m, at: Context.current().info.currentAttemptScheduledTimestampMs });
          return { providerId: `SM${sms.length}` };
        },
      },
    });
    const workers = () =>
      Promise.all([
        // Without a workflow cache every task goes to the shared queue: the test server does not hand a
        // stopped worker's sticky tasks to a new one as a real server does after its sticky timeout.
        orchestrationWorker({
          connection: ctx.env.nativeConnection,
          bundle: ctx.bundle,
          activities: createAppStoreActivities(ledger), // the owed marks
          ...(opts.noStickyCache ? { maxCachedWorkflows: 0 } : {}),
        }),
        Worker.create({ connection: ctx.env.nativeConnection, taskQueue: 'notifier', activities: notifier }),
        Worker.create({ connection: ctx.env.nativeConnection, taskQueue: 'bruin', activities: bruin.activities() }),
      ]);
    const run = async <T>(scenario: () => Promise<T>): Promise<T> =>
      (await workers()).reduce<Promise<T>>((inner, w) => w.runUntil(inner), scenario());
    const smsEvents = () => sms.map((m) => /confirmed|12 hours|2 hours|is now|arrived/.exec(m.body)?.[0]);
    const noteTitles = () => bruin.notes.map((n) => n.note.split('\n')[1]);
    return { sms, emails, bruin, run, smsEvents, noteTitles, ledger, twilio };
  }

  const snapshot = (
    vendor: 'lit' | 'cts',
    appointmentMs: number,
    over: Partial<DispatchSnapshot> = {},
  ): DispatchSnapshot => ({
    vendor,
    dispatchNumber: vendor === 'lit' ? 'DIS37450' : 'S-147735',
    ticketId: '4694961',
    reference: vendor === 'lit' ? 'DIS37450' : 'IGZ-0001',
    status: 'confirmed',
    vendorStatus: vendor === 'lit' ? 'Request Confirmed' : 'Scheduled',
    appointment: new Date(appointmentMs).toISOString(),
    timeZone: 'America/New_York',
    techName: 'Joe',
    sitePhone: '+12125550123',
    ...over,
  });
  const id = (name: string) => `dispatch/${name}-${Math.random().toString(36).slice(2)}`;
  /** Starts a timeline under a fresh ID named after the test. */
  const startTimeline = (name: string, input: DispatchTimelineInput) =>
    ctx.env.client.workflow.start(dispatchTimeline, {
      taskQueue: 'orchestration',
      workflowId: id(name),
      args: [input],
    });

  it.each(['lit', 'cts'] as const)(
    '%s: confirmed 26 h ahead → SMS at confirmation, at -12 h and -2 h, tech on site; each exactly once',
    async (vendor) => {
      const h = harness();
      const t0 = await ctx.env.currentTimeMs();
      const appointment = t0 + 26 * H;
      const result = await h.run(async () => {
        const handle = await ctx.env.client.workflow.start(dispatchTimeline, {
          taskQueue: 'orchestration',
          workflowId: id(vendor),
          args: [{ snapshot: snapshot(vendor, appointment), completeAfterHours: 2 }],
        });
        await ctx.env.sleep(25.5 * H);
        expect((await handle.query(timelineQuery)).reminders).toEqual({
          'reminder-12h': 'sent',
          'reminder-2h': 'sent',
        });
        await handle.signal(dispatchUpdated, snapshot(vendor, appointment, { status: 'tech-on-site' }));
        if (vendor === 'cts') {
          await ctx.env.sleep(H);
          await handle.signal(dispatchUpdated, snapshot(vendor, appointment, { status: 'completed' }));
        }
        return handle.result(); // LIT: completes 2 h after tech on site
      });
      expect(result.phase).toBe('completed');
      expect(h.smsEvents()).toEqual(['confirmed', '12 hours', '2 hours', 'arrived']);
      expect(h.sms.every((m) => m.to === '+12125550123')).toBe(true);
      expect(Math.abs(h.sms[1].at - (appointment - 12 * H))).toBeLessThan(60_000);
      expect(Math.abs(h.sms[2].at - (appointment - 2 * H))).toBeLessThan(60_000);
      expect(h.noteTitles()).toEqual([
        'Dispatch Management - Dispatch Confirmed',
        'Dispatch Management - Dispatch Reminder (12 hours)',
        'Dispatch Management - Dispatch Reminder (2 hours)',
        'Dispatch Management - Tech On Site',
      ]);
      expect(result.log.map((l) => [l.event, l.sms, l.note])).toEqual([
        ['confirmed', 'sent', 'written'],
        ['reminder-12h', 'sent', 'written'],
        ['reminder-2h', 'sent', 'written'],
        ['tech-on-site', 'sent', 'written'],
      ]);
    },
  );

  it('confirmed 5 h ahead: the 12 h reminder is skipped, not sent late; the 2 h one is sent', async () => {
    const h = harness();
    const t0 = await ctx.env.currentTimeMs();
    const appointment = t0 + 5 * H;
    let workflowId = '';
    const result = await h.run(async () => {
      const handle = await startTimeline('five-hours', {
        snapshot: snapshot('lit', appointment),
        completeAfterHours: 1,
      });
      workflowId = handle.workflowId;
      return handle.result(); // no on-site report: completes 1 h after the appointment
    });
    expect(result.reminders).toEqual({ 'reminder-12h': 'skipped', 'reminder-2h': 'sent' });
    expect(h.smsEvents()).toEqual(['confirmed', '2 hours']);
    // Each event's SMS and note leave in the same workflow task (side by side, one round trip), the note as one
    // Bruin activity that reads and writes.
    const history = await ctx.env.client.workflow.getHandle(workflowId).fetchHistory();
    const scheduled = history.events!.filter((e) => e.activityTaskScheduledEventAttributes);
    const byTask = new Map<string, string[]>();
    for (const e of scheduled) {
      const task = String(e.activityTaskScheduledEventAttributes!.workflowTaskCompletedEventId);
      byTask.set(task, [...(byTask.get(task) ?? []), e.activityTaskScheduledEventAttributes!.activityType!.name!]);
    }
    expect([...byTask.values()].map((names) => names.sort())).toEqual([
      ['appendDispatchNoteOnce', 'sendSms'],
      ['appendDispatchNoteOnce', 'sendSms'],
    ]);
  });

  it('a Bruin outage longer than the note retries: the note is owed, not lost, and written once Bruin is back', async () => {
    const h = harness();
    const t0 = await ctx.env.currentTimeMs();
    h.bruin.notesDownUntil = t0 + 10 * 60_000;
    const result = await h.run(async () => {
      const handle = await startTimeline('owed-note', { snapshot: snapshot('lit', t0 + 5 * H), completeAfterHours: 1 });
      await ctx.env.sleep(4 * 60_000);
      const during = await handle.query(timelineQuery);
      expect(during.log).toEqual([
        expect.objectContaining({
          event: 'confirmed',
          sms: 'sent',
          note: 'owed',
          owedNote: expect.stringContaining('Dispatch Confirmed'),
        }),
      ]);
      return handle.result();
    });
    expect(result.log.map((l) => [l.event, l.sms, l.note, l.owedNote])).toEqual([
      ['confirmed', 'sent', 'written', undefined],
      ['reminder-2h', 'sent', 'written', undefined],
    ]);
    expect(h.noteTitles()).toEqual([
      'Dispatch Management - Dispatch Confirmed',
      'Dispatch Management - Dispatch Reminder (2 hours)',
    ]);
    // Written after Bruin came back, not before.
    const confirmedNote = h.bruin.notes.find((n) => n.note.includes('Dispatch Confirmed'))!;
    expect(Date.parse(confirmedNote.createdDate)).toBeGreaterThanOrEqual(t0 + 10 * 60_000);
  });

  it('Twilio down past the SMS retries: the confirmation is owed (on the owed gauges), sent once Twilio is back, once', async () => {
    const h = harness();
    const t0 = await ctx.env.currentTimeMs();
    h.twilio.downUntil = t0 + 40 * 60_000;
    const result = await h.run(async () => {
      const handle = await startTimeline('owed-sms', { snapshot: snapshot('lit', t0 + 5 * H), completeAfterHours: 1 });
      await ctx.env.sleep(25 * 60_000);
      const during = await handle.query(timelineQuery);
      expect(during.log).toEqual([
        expect.objectContaining({ event: 'confirmed', sms: 'owed', owedSmsStep: 'sms:confirmed', note: 'written' }),
      ]);
      expect(await h.ledger.owedSummary()).toEqual([expect.objectContaining({ kind: 'dispatch', subjects: 1 })]);
      // `npm run story -- owed` names the timeline holding it and what it owes.
      const story = (await tellOwed(ctx.env.client, h.ledger, { uiBase: 'http://ui' })).split('\n');
      expect(story).toEqual(
        expect.arrayContaining([
          `  held by dispatchTimeline ${handle.workflowId}  RUNNING`,
          '  owes 1: SMS confirmed to the site contact',
          expect.stringMatching(`^  http://ui/workflows/${encodeURIComponent(handle.workflowId)}/`),
        ]),
      );
      return handle.result();
    });
    expect(result.log.map((l) => [l.event, l.sms, l.note])).toEqual([
      ['confirmed', 'sent', 'written'],
      ['reminder-2h', 'sent', 'written'],
    ]);
    expect(h.smsEvents()).toEqual(['confirmed', '2 hours']);
    expect(h.sms[0].at).toBeGreaterThanOrEqual(t0 + 40 * 60_000);
    expect(h.sms[0].at).toBeLessThan(t0 + 45 * 60_000); // tried every 2 minutes
    expect(await h.ledger.owedSummary()).toEqual([]);
  });

  it('Twilio down until past the visit: the owed texts are too late and never sent; the ticket is still told', async () => {
    const h = harness();
    const t0 = await ctx.env.currentTimeMs();
    h.twilio.downUntil = t0 + 4 * H;
    const result = await h.run(async () => {
      const handle = await startTimeline('too-late-sms', {
        snapshot: snapshot('cts', t0 + 3 * H),
        completeAfterHours: 2,
      });
      await ctx.env.sleep(2.5 * H);
      // The 2 h reminder is owed beside the confirmation: different news, both still worth sending.
      expect((await handle.query(timelineQuery)).log.map((l) => [l.event, l.sms])).toEqual([
        ['confirmed', 'owed'],
        ['reminder-2h', 'owed'],
      ]);
      return handle.result();
    });
    expect(result.log.map((l) => [l.event, l.sms, l.note, l.owedSmsStep])).toEqual([
      ['confirmed', 'too-late', 'written', undefined],
      ['reminder-2h', 'too-late', 'written', undefined],
    ]);
    expect(h.sms).toEqual([]);
    expect(await h.ledger.owedSummary()).toEqual([]);
  });

  it('appointment moved after the 12 h reminder: rescheduled note, 12 h not resent, 2 h at the new time', async () => {
    const h = harness();
    const t0 = await ctx.env.currentTimeMs();
    const moved = t0 + 40 * H;
    await h.run(async () => {
      const handle = await startTimeline('moved', { snapshot: snapshot('cts', t0 + 26 * H) });
      await ctx.env.sleep(15 * H); // the 12 h reminder went out at +14 h
      await handle.signal(dispatchUpdated, snapshot('cts', moved));
      await ctx.env.sleep(24 * H); // past the new 2 h reminder at +38 h
      const timeline = await handle.query(timelineQuery);
      await handle.signal(dispatchUpdated, snapshot('cts', moved, { status: 'completed' }));
      await handle.result();
      return timeline;
    });
    expect(h.smsEvents()).toEqual(['confirmed', '12 hours', '2 hours']);
    expect(Math.abs(h.sms[2].at - (moved - 2 * H))).toBeLessThan(60_000);
    expect(h.noteTitles()).toContain('Dispatch Management - Dispatch Rescheduled');
  });

  it('technician changed: one SMS and note for the new technician, none for a repeated snapshot', async () => {
    const h = harness();
    const t0 = await ctx.env.currentTimeMs();
    const appointment = t0 + 30 * H;
    await h.run(async () => {
      const handle = await startTimeline('tech', { snapshot: snapshot('lit', appointment) });
      await handle.signal(dispatchUpdated, snapshot('lit', appointment, { techName: 'Ann' }));
      await handle.signal(dispatchUpdated, snapshot('lit', appointment, { techName: 'Ann' }));
      await ctx.env.sleep(H);
      await handle.signal(dispatchUpdated, snapshot('lit', appointment, { techName: 'Ann', status: 'cancelled' }));
      return handle.result();
    });
    expect(h.smsEvents()).toEqual(['confirmed', 'is now']);
    expect(h.sms[1].body).toContain('is now Ann');
    expect(h.noteTitles()).toEqual([
      'Dispatch Management - Dispatch Confirmed',
      'Dispatch Management - Technician Changed',
      'Dispatch Management - Dispatch Cancelled',
    ]);
  });

  it("the technician's name is not in the SMS ledger key; an SMS keyed by name by an earlier run is not resent (issue 11 item 10)", async () => {
    const h = harness();
    const t0 = await ctx.env.currentTimeMs();
    const appointment = t0 + 30 * H;
    const workflowId = id('tech-key');
    // An earlier run (before names left the keys) already told the site about Bob.
    await h.ledger.begin(`${workflowId}|sms:tech-changed:Bob|DIS37450`, 'sms');
    await h.ledger.markSent(`${workflowId}|sms:tech-changed:Bob|DIS37450`, 'SM-earlier');
    await h.run(async () => {
      const handle = await ctx.env.client.workflow.start(dispatchTimeline, {
        taskQueue: 'orchestration',
        workflowId,
        args: [{ snapshot: snapshot('lit', appointment) }],
      });
      await handle.signal(dispatchUpdated, snapshot('lit', appointment, { techName: 'Ann' }));
      await handle.signal(dispatchUpdated, snapshot('lit', appointment, { techName: 'Bob' }));
      await handle.signal(dispatchUpdated, snapshot('lit', appointment, { techName: 'Bob', status: 'cancelled' }));
      return handle.result();
    });
    expect(h.smsEvents()).toEqual(['confirmed', 'is now']); // Ann told now; Bob was told by the earlier run
    expect(await h.ledger.get(`${workflowId}|sms:tech-changed:${keyToken('Ann')}|DIS37450`)).toMatchObject({
      status: 'sent',
    });
    expect(await h.ledger.get(`${workflowId}|sms:tech-changed:Ann|DIS37450`)).toBeUndefined();
  });

  it('cancelled before the 2 h reminder: a cancellation note, the pending reminder dropped, no SMS after', async () => {
    const h = harness();
    const t0 = await ctx.env.currentTimeMs();
    const appointment = t0 + 26 * H;
    const result = await h.run(async () => {
      const handle = await startTimeline('cancelled', { snapshot: snapshot('cts', appointment) });
      await ctx.env.sleep(20 * H);
      await handle.signal(dispatchUpdated, snapshot('cts', appointment, { status: 'cancelled' }));
      return handle.result();
    });
    expect(result).toMatchObject({
      phase: 'cancelled',
      reminders: { 'reminder-12h': 'sent', 'reminder-2h': 'dropped' },
    });
    expect(h.smsEvents()).toEqual(['confirmed', '12 hours']);
    expect(h.noteTitles().at(-1)).toBe('Dispatch Management - Dispatch Cancelled');
  });

  it('a dispatch first seen already cancelled, with no readable phone: one cancellation note, no SMS, once', async () => {
    const h = harness();
    const t0 = await ctx.env.currentTimeMs();
    const cancelled = snapshot('lit', t0 - 3 * H, { status: 'cancelled', sitePhone: '' });
    const workflowId = id('first-seen-cancelled');
    const result = await h.run(async () => {
      const first = await ctx.env.client.workflow.execute(dispatchTimeline, {
        taskQueue: 'orchestration',
        workflowId,
        args: [{ snapshot: cancelled }],
      });
      // The monitor's next cycle finds the timeline closed and leaves it; a second start anyway writes nothing new.
      await ctx.env.client.workflow.execute(dispatchTimeline, {
        taskQueue: 'orchestration',
        workflowId,
        args: [{ snapshot: cancelled }],
      });
      return first;
    });
    expect(result.phase).toBe('cancelled');
    expect(result.log.map((l) => [l.event, l.sms, l.note])).toEqual([['cancelled', 'none', 'written']]);
    expect(h.sms).toEqual([]);
    expect(h.noteTitles()).toEqual(['Dispatch Management - Dispatch Cancelled']);
  });

  it('a worker restarted mid-timeline sends no SMS twice', async () => {
    const h = harness({ noStickyCache: true });
    const t0 = await ctx.env.currentTimeMs();
    const appointment = t0 + 26 * H;
    const workflowId = id('restart');
    await h.run(async () => {
      await ctx.env.client.workflow.start(dispatchTimeline, {
        taskQueue: 'orchestration',
        workflowId,
        args: [{ snapshot: snapshot('lit', appointment), completeAfterHours: 1 }],
      });
      await ctx.env.sleep(15 * H);
    });
    expect(h.smsEvents()).toEqual(['confirmed', '12 hours']);
    // New workers (a new process would be the same): the workflow resumes from its history.
    const result = await h.run(async () => {
      const handle = ctx.env.client.workflow.getHandle(workflowId);
      await ctx.env.sleep(10 * H);
      await handle.signal(dispatchUpdated, snapshot('lit', appointment, { status: 'tech-on-site' }));
      return handle.result() as Promise<Awaited<ReturnType<typeof dispatchTimeline>>>;
    });
    expect(result.phase).toBe('completed');
    expect(h.smsEvents()).toEqual(['confirmed', '12 hours', '2 hours', 'arrived']);
  });

  it('woken past both reminder times (the engine was down): one reminder, the one that fits, naming the time left', async () => {
    const h = harness();
    const t0 = await ctx.env.currentTimeMs();
    const appointment = t0 + H;
    // The state a timeline carries when its last run confirmed the visit a day ago and slept through both
    // reminder times (the test server cannot hold a fired timer back from a stopped worker, so the run starts late).
    const confirmedLongAgo = transition(
      initialTimeline(snapshot('lit', appointment)),
      snapshot('lit', appointment),
      t0 - 24 * H,
    );
    expect(confirmedLongAgo.state.reminders).toEqual({ 'reminder-12h': 'pending', 'reminder-2h': 'pending' });
    const result = await h.run(async () => {
      const handle = await startTimeline('woken-late', {
        snapshot: snapshot('lit', appointment),
        state: confirmedLongAgo.state,
        completeAfterHours: 1,
      });
      await ctx.env.sleep(30 * 60_000);
      await handle.signal(dispatchUpdated, snapshot('lit', appointment, { status: 'tech-on-site' }));
      return handle.result();
    });
    expect(result.reminders).toEqual({ 'reminder-12h': 'skipped', 'reminder-2h': 'sent' });
    expect(h.sms.map((m) => /on site in ([^,]+),/.exec(m.body)?.[1] ?? 'other')).toEqual(['about an hour', 'other']);
    expect(h.noteTitles()).toEqual([
      'Dispatch Management - Dispatch Reminder (2 hours)',
      'Dispatch Management - Tech On Site',
    ]);
  });

  it('continues as new when its history grows, carrying the state: nothing resent, reminders still due', async () => {
    const h = harness();
    const t0 = await ctx.env.currentTimeMs();
    const appointment = t0 + 26 * H;
    const workflowId = id('continued');
    const { result, runs } = await h.run(async () => {
      const handle = await ctx.env.client.workflow.start(dispatchTimeline, {
        taskQueue: 'orchestration',
        workflowId,
        args: [{ snapshot: snapshot('cts', appointment), historyBudget: 20 }],
      });
      for (const tech of ['Ann', 'Bob', 'Cy'])
        await handle.signal(dispatchUpdated, snapshot('cts', appointment, { techName: tech }));
      await ctx.env.sleep(25 * H);
      await handle.signal(dispatchUpdated, snapshot('cts', appointment, { techName: 'Cy', status: 'completed' }));
      const final = await handle.result();
      const described = await ctx.env.client.workflow.getHandle(workflowId).describe();
      return { result: final, runs: described.runId !== handle.firstExecutionRunId };
    });
    expect(runs).toBe(true); // the final run is not the first one
    expect(h.smsEvents()).toEqual(['confirmed', 'is now', 'is now', 'is now', '12 hours', '2 hours']);
    expect(result.log.map((l) => l.event)).toEqual([
      'confirmed',
      'tech-changed',
      'tech-changed',
      'tech-changed',
      'reminder-12h',
      'reminder-2h',
    ]);
  });

  it("ops ask to cancel: the vendor gets one email and the ticket a note; the vendor's cancelled status ends it", async () => {
    const h = harness();
    const t0 = await ctx.env.currentTimeMs();
    const appointment = t0 + 26 * H;
    const result = await h.run(async () => {
      const handle = await startTimeline('cancel-request', {
        snapshot: snapshot('lit', appointment),
        cancelEmail: 'cancel@lit.example.com',
      });
      await handle.signal(cancelRequested, { reason: 'customer fixed the router' });
      await handle.signal(cancelRequested, { reason: 'asked twice' });
      await ctx.env.sleep(H);
      expect((await handle.query(timelineQuery)).phase).toBe('confirmed'); // until LIT says so
      await handle.signal(dispatchUpdated, snapshot('lit', appointment, { status: 'cancelled' }));
      return handle.result();
    });
    expect(h.emails).toEqual([
      {
        to: ['cancel@lit.example.com'],
        subject: 'Cancel dispatch DIS37450 (MetTel ticket 4694961)',
        text: expect.stringContaining('Reason: customer fixed the router'),
        messageId: expect.any(String),
      },
    ]);
    expect(result.phase).toBe('cancelled');
    // The confirmation's note and the cancel request's note are written concurrently (the request is a
    // signal handled while the confirmation's activities run): either may land first, each once.
    const titles = h.noteTitles();
    expect(titles.slice(0, 2).sort()).toEqual([
      'Dispatch Management - Cancellation Requested',
      'Dispatch Management - Dispatch Confirmed',
    ]);
    expect(titles.slice(2)).toEqual(['Dispatch Management - Dispatch Cancelled']);
    expect(h.smsEvents()).toEqual(['confirmed']);
  });

  it('Twilio 5xx for minutes (12 failed attempts, more than the default 10): the SMS is still delivered, once', async () => {
    const h = harness({ failFirstSms: 12 });
    const t0 = await ctx.env.currentTimeMs();
    const workflowId = id('twilio-5xx');
    await h.run(async () => {
      const handle = await ctx.env.client.workflow.start(dispatchTimeline, {
        taskQueue: 'orchestration',
        workflowId,
        args: [{ snapshot: snapshot('cts', t0 + 1.5 * H) }],
      });
      await handle.signal(dispatchUpdated, snapshot('cts', t0 + 1.5 * H, { status: 'cancelled' }));
      return handle.result();
    });
    expect(h.smsEvents()).toEqual(['confirmed']);
    const history = await ctx.env.client.workflow.getHandle(workflowId).fetchHistory();
    const smsAttempts = (history.events ?? [])
      .filter((e) => e.activityTaskStartedEventAttributes)
      .map((e) => e.activityTaskStartedEventAttributes!.attempt);
    expect(smsAttempts).toContain(13);
  });

  it('dry run: the whole course is listed as intended; no SMS, note or email goes out', async () => {
    const h = harness();
    const t0 = await ctx.env.currentTimeMs();
    const appointment = t0 + 26 * H;
    const result = await h.run(async () => {
      const handle = await startTimeline('dry-run', {
        snapshot: snapshot('cts', appointment, { techPhone: '+12123456789' }),
        dryRun: true,
        cancelEmail: 'cancel@cts.example.com',
      });
      expect((await handle.query(timelineQuery)).log.map((l) => l.event)).toEqual(['confirmed', 'confirmed']);
      await handle.signal(cancelRequested, { reason: 'just looking' });
      await ctx.env.sleep(25 * H);
      await handle.signal(dispatchUpdated, snapshot('cts', appointment, { status: 'tech-on-site' }));
      await handle.signal(dispatchUpdated, snapshot('cts', appointment, { status: 'completed' }));
      return handle.result();
    });
    // The technician's texts are listed on their own lines.
    expect(result.log.map((l) => [l.event, l.recipient ?? 'site', l.sms, l.note])).toEqual([
      ['confirmed', 'site', 'intended', 'intended'],
      ['confirmed', 'technician', 'intended', 'none'],
      ['cancel-requested', 'site', 'none', 'intended'],
      ['reminder-12h', 'site', 'intended', 'intended'],
      ['reminder-12h', 'technician', 'intended', 'none'],
      ['reminder-2h', 'site', 'intended', 'intended'],
      ['reminder-2h', 'technician', 'intended', 'none'],
      ['tech-on-site', 'site', 'intended', 'intended'],
    ]);
    expect(result.phase).toBe('completed');
    expect([h.sms, h.emails, h.bruin.notes]).toEqual([[], [], []]);
  });

  it("the technician's phone reaches the site contact's SMS", async () => {
    const h = harness();
    const t0 = await ctx.env.currentTimeMs();
    await h.run(async () => {
      const handle = await startTimeline('tech-phone', {
        snapshot: snapshot('lit', t0 + 1.5 * H, { techPhone: '+12123456789' }),
      });
      await handle.signal(dispatchUpdated, snapshot('lit', t0 + 1.5 * H, { status: 'cancelled' }));
      return handle.result();
    });
    expect(h.sms.filter((m) => m.to === '+12125550123').map((m) => m.body)).toEqual([
      expect.stringContaining('Your technician: Joe, +1 212-345-6789.'),
    ]);
  });

  it('the technician is texted: their confirmation (time, address, site contact), their 12 h and 2 h reminders, a new technician their own; one log line each', async () => {
    const h = harness();
    h.bruin.siteAddresses.set('4694961', {
      street: '55 Water St',
      city: 'New York',
      state: 'NY',
      zip: '10041',
      country: 'US',
    });
    const t0 = await ctx.env.currentTimeMs();
    const appointment = t0 + 26 * H;
    const joe = { techPhone: '+12123456789', siteContactName: 'Jane Doe' };
    const ann = { techName: 'Ann', techPhone: '+13055550188', siteContactName: 'Jane Doe' };
    let workflowId = '';
    const result = await h.run(async () => {
      const handle = await startTimeline('tech-texted', { snapshot: snapshot('lit', appointment, joe) });
      workflowId = handle.workflowId;
      await ctx.env.sleep(15 * H); // the 12 h reminders went out at +14 h
      await handle.signal(dispatchUpdated, snapshot('lit', appointment, ann));
      await handle.signal(dispatchUpdated, snapshot('lit', appointment, ann)); // the same again: nothing new
      await ctx.env.sleep(10 * H); // past the 2 h reminders at +24 h
      await handle.signal(dispatchUpdated, snapshot('lit', appointment, { ...ann, status: 'tech-on-site' }));
      await handle.signal(dispatchUpdated, snapshot('lit', appointment, { ...ann, status: 'completed' }));
      return handle.result();
    });
    const to = (phone: string) => h.sms.filter((m) => m.to === phone).map((m) => m.body);
    const when = /on (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d E[SD]T) at/.exec(to('+12123456789')[0])?.[1];
    expect(when).toBeDefined();
    expect(to('+12123456789')).toEqual([
      `MetTel: you are booked for a field service visit on ${when} at 55 Water St, New York, NY 10041. Site contact: Jane Doe, +1 212-555-0123. (MetTel ticket 4694961, LIT dispatch DIS37450)`,
      `MetTel reminder: your field service visit at 55 Water St, New York, NY 10041 is in about 12 hours, at ${when}. Site contact: Jane Doe, +1 212-555-0123. (MetTel ticket 4694961, LIT dispatch DIS37450)`,
    ]);
    expect(to('+13055550188')).toEqual([
      expect.stringMatching(
        /^MetTel: you are booked for a field service visit on .* at 55 Water St, New York, NY 10041\./,
      ),
      expect.stringMatching(
        /^MetTel reminder: your field service visit at 55 Water St, New York, NY 10041 is in about 2 hours/,
      ),
    ]);
    // The site contact's texts are as before: confirmation, 12 h, the new technician, 2 h, on site.
    expect(to('+12125550123')).toHaveLength(5);
    // The ticket's site is read once, whatever the number of texts.
    expect(h.bruin.calls.filter((c) => c.startsWith('site '))).toEqual(['site 4694961']);
    expect(result.log.map((l) => [l.event, l.recipient ?? 'site', l.sms])).toEqual([
      ['confirmed', 'site', 'sent'],
      ['confirmed', 'technician', 'sent'],
      ['reminder-12h', 'site', 'sent'],
      ['reminder-12h', 'technician', 'sent'],
      ['tech-changed', 'site', 'sent'],
      ['tech-changed', 'technician', 'sent'],
      ['reminder-2h', 'site', 'sent'],
      ['reminder-2h', 'technician', 'sent'],
      ['tech-on-site', 'site', 'sent'],
    ]);
    // Each recipient's text has its own ledger key, with neither name nor phone in it.
    for (const step of [
      'sms-tech:confirmed:1',
      'sms-tech:confirmed:2',
      'sms-tech:reminder-12h',
      'sms-tech:reminder-2h',
    ])
      expect(await h.ledger.get(`${workflowId}|${step}|DIS37450`)).toMatchObject({ status: 'sent' });
  });

  it("a new site contact of a confirmed dispatch is texted the confirmation, once, and the ticket is told (phone's last four only)", async () => {
    const h = harness();
    const t0 = await ctx.env.currentTimeMs();
    const appointment = t0 + 6 * H;
    const result = await h.run(async () => {
      const handle = await startTimeline('contact-changed', { snapshot: snapshot('cts', appointment) });
      const moved = snapshot('cts', appointment, { sitePhone: '+13055550199', siteContactName: 'Raj Patel' });
      await handle.signal(dispatchUpdated, moved);
      await handle.signal(dispatchUpdated, moved);
      await handle.signal(dispatchUpdated, snapshot('cts', appointment, { ...moved, status: 'cancelled' }));
      return handle.result();
    });
    expect(h.sms.map((m) => [m.to, /confirmed/.test(m.body)])).toEqual([
      ['+12125550123', true],
      ['+13055550199', true],
    ]);
    expect(result.log.map((l) => [l.event, l.sms, l.note])).toEqual([
      ['confirmed', 'sent', 'written'],
      ['site-contact-changed', 'sent', 'written'],
      ['cancelled', 'none', 'written'],
    ]);
    const note = h.bruin.notes.find((n) => n.note.includes('Site Contact Changed'))!.note;
    expect(note).toContain('Site contact: Raj Patel phone ending 0199');
    expect(note).not.toMatch(/305.?555.?0199/);
  });
});
