import { chaosScenario } from '../../../bench/chaos/scenario';
import { reminderDue, resentEmails, tallyChaos, type TallyRow } from '../../../bench/chaos/tally';
import { NOTE_TITLES } from '../../../domain/dispatch/templates';
import { flappingNote } from '../../../domain/flapping';
import { AUTOMATION_MARKER, autoResolveNote } from '../../../domain/ticket-notes';
import type { SandboxState } from '../../../sandbox/state';

describe('chaos tally: what the run should have delivered against what the sandbox holds', () => {
  const now = Date.parse('2026-11-24T12:00:00Z');
  const fresh = () => chaosScenario({ now, edges: 100, faultyRatio: 0.03, dispatches: 10, reminderAfterMs: 240_000 });
  const row = (rows: TallyRow[], what: string) => rows.find((r) => r.what.startsWith(what))!;

  /** Everything one would expect after two cycles: a ticket per faulty edge, notes, alerts, SMS, emails. */
  function deliverAll(state: SandboxState, plan: ReturnType<typeof fresh>['plan']) {
    [...plan.steadyDown, ...plan.flapping].forEach((serial, i) => {
      const ticketId = String(7_000 + i);
      state.vendors.bruin.tickets[ticketId] = { id: ticketId, serviceNumber: serial, category: 'VOO' };
      const outage = `${AUTOMATION_MARKER}\nTriage (VeloCloud)\nOutage detected: edge offline\nEdge: e (serial ${serial})`;
      state.vendors.bruin.notes[`o${i}`] = { id: `o${i}`, ticketId, noteValue: outage };
      if (plan.flapping.includes(serial))
        state.vendors.bruin.notes[`r${i}`] = { id: `r${i}`, ticketId, noteValue: autoResolveNote(serial, 'cycle-2') };
      state.outbox.slack.push({
        ts: '1',
        channel: '#noc',
        channelId: 'C1',
        text: `Outage ticket ${ticketId} created`,
        receivedAt: '',
      });
    });
    const events = {
      'reminder-2h': 'reminder-2h',
      'reminder-12h': 'reminder-12h',
      'on-site': 'tech-on-site',
      cancel: 'cancel-requested',
    } as const;
    const body = {
      confirmed: 'visit is confirmed',
      'reminder-2h': 'your technician (Joe) will be on site in about 2 hours, at 14:04',
      'reminder-12h': 'your technician (Joe) will be on site in about 12 hours, at 00:05',
      'tech-on-site': 'has arrived on site',
    } as const;
    const techBody = {
      confirmed: 'you are booked for a field service visit on 14:04 at 1 Main St',
      'reminder-2h': 'reminder: your field service visit at 1 Main St is in about 2 hours, at 14:04',
      'reminder-12h': 'reminder: your field service visit at 1 Main St is in about 12 hours, at 00:05',
    } as const;
    plan.dispatches.forEach((d, i) => {
      for (const event of ['confirmed', events[d.group]] as const) {
        state.vendors.bruin.notes[`d${i}${event}`] = {
          id: `d${i}${event}`,
          ticketId: d.ticketId,
          noteValue: `${AUTOMATION_MARKER}\nDispatch Management - ${NOTE_TITLES[event]}\nDispatch Number: ${d.dispatchNumber}`,
        };
        if (event !== 'cancel-requested')
          state.outbox.sms.push({
            sid: `SM${i}${event}`,
            from: '+1',
            to: d.sitePhone,
            body: `MetTel: ${body[event]}`,
            receivedAt: new Date(now).toISOString(),
          });
        if (event in techBody)
          state.outbox.sms.push({
            sid: `SMT${i}${event}`,
            from: '+1',
            to: d.techPhone,
            body: `MetTel: ${techBody[event as keyof typeof techBody]}`,
            receivedAt: new Date(now).toISOString(),
          });
      }
      if (d.group === 'cancel')
        state.outbox.emails.push({
          messageId: `<m${i}>`,
          from: '',
          to: [],
          cc: [],
          subject: `Cancel dispatch ${d.dispatchNumber} (x)`,
          text: '',
          attachments: [],
          receivedAt: '',
        });
    });
  }

  it('plans steady and flapping edges and four dispatch groups, with reminders minutes away', () => {
    const { state, plan } = fresh();
    expect(plan.steadyDown.length + plan.flapping.length).toBe(3);
    const groups: Record<string, number> = {};
    for (const d of plan.dispatches) groups[d.group] = (groups[d.group] ?? 0) + 1;
    expect(groups).toEqual({ 'reminder-2h': 4, 'reminder-12h': 3, 'on-site': 2, cancel: 1 });
    expect(plan.lastReminderAt - now).toBeGreaterThanOrEqual(300_000);
    expect(plan.lastReminderAt - now).toBeLessThan(360_000);
    expect(state.vendors.lit.dispatches.DIS90000).toMatchObject({
      Dispatch_Status: 'Request Confirmed',
      MetTel_Bruin_TicketID: '5000000',
    });
    expect(state.vendors.cts.dispatches.a1B000000090001).toMatchObject({ Status__c: 'Scheduled', Name: 'S-90001' });
  });

  it('counts a complete delivery as such, then a duplicate, a loss and a stray', () => {
    const { state, plan } = fresh();
    deliverAll(state, plan);
    const clean = tallyChaos(plan, 2, state);
    expect(
      clean.every((r) => r.duplicates === 0 && r.lost === 0 && r.unexpected === 0 && r.delivered === r.expected),
    ).toBe(true);
    expect(row(clean, 'dispatch SMS').expected).toBe(19);
    expect(row(clean, 'auto-resolve notes').expected).toBe(plan.flapping.length);

    state.outbox.sms.push({ ...state.outbox.sms[0] }); // sent twice
    const sitePhones = new Set(plan.dispatches.map((d) => d.sitePhone));
    const [lostSms] = state.outbox.sms.splice(
      state.outbox.sms.findIndex((m, i) => i > 2 && sitePhones.has(m.to)),
      1,
    ); // never sent
    state.outbox.sms.push({
      sid: 'x',
      from: '',
      to: '+19999999999',
      body: 'MetTel: visit is confirmed',
      receivedAt: '',
    });
    state.outbox.emails.push({ ...state.outbox.emails[0] }); // same Message-ID again: one email to receivers
    const worse = tallyChaos(plan, 2, state);
    expect(row(worse, 'dispatch SMS')).toMatchObject({ duplicates: 1, lost: 1, unexpected: 1 });
    expect(lostSms).toBeDefined();
    expect(row(worse, 'cancel-request emails')).toMatchObject({ duplicates: 0, lost: 0 });
    expect(resentEmails(state)).toBe(1);
  });

  it('with flap damping: a flapping edge found in cycle 3 has two outage notes, one auto-resolve, one flapping note', () => {
    const { state, plan } = fresh();
    deliverAll(state, plan);
    const [flapper] = plan.flapping;
    const ticketId = Object.values(state.vendors.bruin.tickets).find((t) => t.serviceNumber === flapper)!.id;
    const note = (id: string, noteValue: string) => (state.vendors.bruin.notes[id] = { id, ticketId, noteValue });
    note(
      'o-3',
      `${AUTOMATION_MARKER}\nTriage (VeloCloud)\nOutage detected: edge offline\nEdge: e (serial ${flapper}) cycle 3`,
    );
    const damped = () => tallyChaos(plan, 6, state, 3);
    // Every flapping edge but this one lacks its second outage note and its flapping note.
    expect(row(damped(), 'outage notes')).toMatchObject({
      expected: plan.steadyDown.length + plan.flapping.length * 2,
      lost: plan.flapping.length - 1,
    });
    expect(row(damped(), 'auto-resolve notes')).toMatchObject({ expected: plan.flapping.length, lost: 0 });
    expect(row(damped(), 'flapping notes')).toMatchObject({
      expected: plan.flapping.length,
      lost: plan.flapping.length,
    });
    note(
      'f-1',
      flappingNote(
        flapper,
        { first: 'a', last: 'b', changes: 3 },
        { transitions: 3, windowSeconds: 3600, stableSeconds: 1800 },
      ),
    );
    note(
      'f-2',
      flappingNote(
        flapper,
        { first: 'a', last: 'b', changes: 3 },
        { transitions: 3, windowSeconds: 3600, stableSeconds: 1800 },
      ),
    );
    expect(row(damped(), 'flapping notes')).toMatchObject({ lost: plan.flapping.length - 1, duplicates: 1 });
    // Off: the notes go on every cycle, and no flapping note is expected.
    expect(row(tallyChaos(plan, 6, state), 'flapping notes')).toMatchObject({ expected: 0, unexpected: 1 });
    expect(row(tallyChaos(plan, 6, state), 'auto-resolve notes').expected).toBe(plan.flapping.length * 3);
  });

  it("counts the technician's texts in their own row: confirmation and reminders, one lost shows", () => {
    const { state, plan } = fresh();
    deliverAll(state, plan);
    // Ten confirmations, and the 2 h and 12 h groups' reminders (4 + 3); on site and cancel text the technician nothing more.
    expect(row(tallyChaos(plan, 2, state), 'dispatch SMS (technician)')).toMatchObject({
      expected: 17,
      delivered: 17,
      lost: 0,
      unexpected: 0,
    });
    const d = plan.dispatches.find((x) => x.group === 'reminder-12h')!;
    state.outbox.sms = state.outbox.sms.filter((m) => !(m.to === d.techPhone && m.body.includes('12 hours')));
    const rows = tallyChaos(plan, 2, state);
    expect(row(rows, 'dispatch SMS (technician)')).toMatchObject({ lost: 1, unexpected: 0 });
    expect(row(rows, 'dispatch SMS (site contact)')).toMatchObject({ lost: 0, unexpected: 0 });
  });

  it('a confirmation that reached the site after its reminder was due covers the reminder (late by a minute: unsure)', () => {
    const { state, plan } = fresh();
    deliverAll(state, plan);
    const [late, unsure] = plan.dispatches.filter((d) => d.group === 'reminder-2h');
    const confirmation = (d: typeof late) =>
      state.outbox.sms.find((m) => m.to === d!.sitePhone && m.body.includes('confirmed'))!;
    const dueAt = (d: typeof late) => Date.parse(d!.appointment) - 2 * 3_600_000;
    confirmation(late).receivedAt = new Date(dueAt(late) + 10 * 60_000).toISOString();
    confirmation(unsure).receivedAt = new Date(dueAt(unsure) + 30_000).toISOString();
    expect(reminderDue(plan, state).get(late!.dispatchNumber)).toBe('covered');
    expect(reminderDue(plan, state).get(unsure!.dispatchNumber)).toBe('unsure');
    // Both reminders went out anyway: the covered one is unexpected (the rule was broken), the unsure one not counted.
    const sent = tallyChaos(plan, 2, state);
    expect(row(sent, 'dispatch SMS')).toMatchObject({ expected: 17, delivered: 17, unexpected: 1, lost: 0 });
    expect(row(sent, 'dispatch notes')).toMatchObject({ expected: 18, delivered: 18, unexpected: 1, lost: 0 });
    // Without them: nothing lost.
    state.outbox.sms = state.outbox.sms.filter(
      (m) => !/on site in/.test(m.body) || ![late, unsure].some((d) => d!.sitePhone === m.to),
    );
    expect(row(tallyChaos(plan, 2, state), 'dispatch SMS')).toMatchObject({ expected: 17, lost: 0, unexpected: 0 });
  });

  it("the timeline's own confirmation time decides a reminder, however late retries delivered the confirmation", () => {
    const { state, plan } = fresh();
    deliverAll(state, plan);
    const [held, late] = plan.dispatches.filter((d) => d.group === 'reminder-2h');
    const dueAt = (d: typeof held) => Date.parse(d!.appointment) - 2 * 3_600_000;
    // Confirmed a minute before the reminder's time, its SMS held by retries for 4 minutes: the reminder was due.
    const confirmation = state.outbox.sms.find((m) => m.to === held!.sitePhone && m.body.includes('confirmed'))!;
    confirmation.receivedAt = new Date(dueAt(held) + 3 * 60_000).toISOString();
    const confirmedAt = new Map([
      [held!.dispatchNumber, dueAt(held) - 60_000],
      [late!.dispatchNumber, dueAt(late) + 1_000],
    ]);
    expect(reminderDue(plan, state).get(held!.dispatchNumber)).toBe('covered'); // what the SMS clock alone says
    expect(reminderDue(plan, state, confirmedAt).get(held!.dispatchNumber)).toBe('expected');
    expect(reminderDue(plan, state, confirmedAt).get(late!.dispatchNumber)).toBe('covered');
    // Both reminders went out: the held one is expected, the one confirmed a second too late is not.
    const rows = tallyChaos(plan, 2, state, 0, confirmedAt);
    expect(row(rows, 'dispatch SMS')).toMatchObject({ expected: 18, delivered: 18, unexpected: 1, lost: 0 });
  });

  it('tells a late reminder by the time it names: 12 h when more than 6 hours are left', () => {
    const { state, plan } = fresh();
    deliverAll(state, plan);
    const d = plan.dispatches.find((x) => x.group === 'reminder-12h')!;
    const reminder = state.outbox.sms.find((m) => m.to === d.sitePhone && m.body.includes('12 hours'))!;
    reminder.body = reminder.body.replace('about 12 hours', 'about 11 hours');
    expect(row(tallyChaos(plan, 2, state), 'dispatch SMS')).toMatchObject({ lost: 0, unexpected: 0 });
    reminder.body = reminder.body.replace('about 11 hours', 'about 40 minutes');
    expect(row(tallyChaos(plan, 2, state), 'dispatch SMS')).toMatchObject({ lost: 1, unexpected: 1 });
  });

  it('expects an outage note per down cycle of a flapping edge, and finds a missing one', () => {
    const { state, plan } = fresh();
    deliverAll(state, plan);
    // Three cycles: flapping edges went down twice, so each needs a second, different outage note.
    const third = tallyChaos(plan, 3, state);
    expect(row(third, 'outage notes')).toMatchObject({
      expected: plan.steadyDown.length + 2 * plan.flapping.length,
      lost: plan.flapping.length,
    });
    expect(row(third, 'outage tickets')).toMatchObject({ lost: 0, duplicates: 0 });
  });
});
