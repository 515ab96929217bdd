import {
  complete,
  finishDeadline,
  initialTimeline,
  nextReminder,
  owedSmsSettled,
  owedSmsWorthSending,
  remind,
  remindDue,
  requestCancel,
  transition,
  type DispatchSnapshot,
  type TimelineState,
  type ToldEntry,
} from '../../../domain/dispatch';

const H = 3_600_000;
const now = Date.parse('2026-12-01T00:00:00Z');
const at = (ms: number) => new Date(ms).toISOString();
const snap = (over: Partial<DispatchSnapshot> = {}): DispatchSnapshot => ({
  vendor: 'lit',
  dispatchNumber: 'DIS37450',
  ticketId: '4694961',
  reference: 'DIS37450',
  status: 'confirmed',
  vendorStatus: 'Request Confirmed',
  appointment: at(now + 26 * H),
  timeZone: 'America/New_York',
  techName: 'Joe',
  sitePhone: '+12125550123',
  ...over,
});
/** A timeline confirmed at `now` for an appointment `hoursAhead` away. */
const confirmed = (hoursAhead = 26): TimelineState =>
  transition(initialTimeline(snap()), snap({ appointment: at(now + hoursAhead * H) }), now).state;

describe('dispatch timeline rules (seed 004)', () => {
  it('a requested dispatch tells nothing yet', () => {
    const t = transition(initialTimeline(snap({ status: 'requested' })), snap({ status: 'requested' }), now);
    expect(t.events).toEqual([]);
    expect(t.state.phase).toBe('requested');
  });

  it('confirmed 26 h ahead: told once, both reminders pending, the 12 h one next', () => {
    const t = transition(initialTimeline(snap()), snap(), now);
    expect(t.events).toEqual(['confirmed']);
    expect(t.state).toMatchObject({
      phase: 'confirmed',
      confirmedAt: at(now),
      toldTech: 'Joe',
      reminders: { 'reminder-12h': 'pending', 'reminder-2h': 'pending' },
    });
    expect(nextReminder(t.state)).toEqual({ event: 'reminder-12h', at: at(now + 14 * H) });
    expect(transition(t.state, snap(), now + H).events).toEqual([]);
  });

  it('confirmed 5 h ahead: the 12 h reminder is skipped, never sent late', () => {
    const state = confirmed(5);
    expect(state.reminders).toEqual({ 'reminder-12h': 'skipped', 'reminder-2h': 'pending' });
    expect(nextReminder(state)).toEqual({ event: 'reminder-2h', at: at(now + 3 * H) });
  });

  it('a due reminder is sent while the appointment is ahead, skipped once it has passed', () => {
    const sent = remindDue(confirmed(), now + 14 * H);
    expect(sent.events).toEqual(['reminder-12h']);
    expect(sent.state.reminders).toEqual({ 'reminder-12h': 'sent', 'reminder-2h': 'pending' });
    expect(nextReminder(sent.state)?.event).toBe('reminder-2h');
    const late = remindDue(sent.state, now + 27 * H);
    expect(late.events).toEqual([]);
    expect(late.state.reminders['reminder-2h']).toBe('skipped');
  });

  it('one reminder per wake: a 12 h reminder waking 2 h before the visit gives way to the 2 h one', () => {
    const woke = remindDue(confirmed(), now + 24.5 * H);
    expect(woke.events).toEqual(['reminder-2h']);
    expect(woke.state.reminders).toEqual({ 'reminder-12h': 'skipped', 'reminder-2h': 'sent' });
    expect(nextReminder(woke.state)).toBeUndefined();
    // Five hours late, only the 12 h one is due: it goes out (naming the real time left), the 2 h one waits.
    const fiveLate = remindDue(confirmed(), now + 19 * H);
    expect(fiveLate.events).toEqual(['reminder-12h']);
    expect(fiveLate.state.reminders['reminder-2h']).toBe('pending');
    // Woken after the visit: both skipped, nothing sent.
    expect(remindDue(confirmed(), now + 27 * H)).toMatchObject({
      events: [],
      state: { reminders: { 'reminder-12h': 'skipped', 'reminder-2h': 'skipped' } },
    });
  });

  it('timelines from before one reminder per wake replay as they ran: each due reminder in turn', () => {
    const first = remind(confirmed(), 'reminder-12h', now + 24.5 * H);
    expect(first.events).toEqual(['reminder-12h']);
    expect(remind(first.state, 'reminder-2h', now + 24.5 * H).events).toEqual(['reminder-2h']);
  });

  it('a new technician is told once', () => {
    const t = transition(confirmed(), snap({ techName: 'Ann' }), now + H);
    expect(t.events).toEqual(['tech-changed']);
    expect(t.state.toldTech).toBe('Ann');
    expect(transition(t.state, snap({ techName: 'Ann' }), now + 2 * H).events).toEqual([]);
  });

  it('a moved appointment is noted and pending reminders recomputed; sent ones stay sent', () => {
    const after12h = remindDue(confirmed(), now + 14 * H).state;
    const t = transition(after12h, snap({ appointment: at(now + 40 * H) }), now + 15 * H);
    expect(t.events).toEqual(['rescheduled']);
    expect(t.state.reminders).toEqual({ 'reminder-12h': 'sent', 'reminder-2h': 'pending' });
    expect(nextReminder(t.state)).toEqual({ event: 'reminder-2h', at: at(now + 38 * H) });
    // Moved to within 2 h: the 2 h reminder's time has passed.
    expect(transition(confirmed(), snap({ appointment: at(now + H) }), now).state.reminders).toEqual({
      'reminder-12h': 'skipped',
      'reminder-2h': 'skipped',
    });
  });

  it('technician and time changed together: both told, technician first', () => {
    expect(transition(confirmed(), snap({ techName: 'Ann', appointment: at(now + 30 * H) }), now).events).toEqual([
      'tech-changed',
      'rescheduled',
    ]);
  });

  it('tech on site: pending reminders dropped, told once; a late "confirmed" changes nothing', () => {
    const t = transition(confirmed(), snap({ status: 'tech-on-site' }), now + 25 * H);
    expect(t.events).toEqual(['tech-on-site']);
    expect(t.state).toMatchObject({
      phase: 'tech-on-site',
      onSiteAt: at(now + 25 * H),
      reminders: { 'reminder-12h': 'dropped', 'reminder-2h': 'dropped' },
    });
    expect(nextReminder(t.state)).toBeUndefined();
    expect(transition(t.state, snap({ status: 'tech-on-site' }), now + 26 * H).events).toEqual([]);
    expect(transition(t.state, snap({ techName: 'Ann' }), now + 26 * H).events).toEqual([]);
  });

  it('cancelled: reminders dropped, told, the timeline ends', () => {
    const t = transition(confirmed(), snap({ status: 'cancelled' }), now + H);
    expect(t.events).toEqual(['cancelled']);
    expect(t.state).toMatchObject({
      phase: 'cancelled',
      reminders: { 'reminder-12h': 'dropped', 'reminder-2h': 'dropped' },
    });
  });

  it('completed (CTS) ends it silently; LIT ends by the deadline after on site or the appointment', () => {
    const done = transition(confirmed(), snap({ status: 'completed' }), now + 27 * H);
    expect(done).toMatchObject({ events: [], state: { phase: 'completed' } });
    expect(finishDeadline(confirmed(), 24 * H)).toBe(now + 50 * H);
    const onSite = transition(confirmed(), snap({ status: 'tech-on-site' }), now + 25 * H).state;
    expect(finishDeadline(onSite, 24 * H)).toBe(now + 49 * H);
    expect(finishDeadline(initialTimeline(snap()), 24 * H)).toBe(Infinity);
    expect(complete(onSite).state.phase).toBe('completed');
  });

  it('an ops cancel request is told once, and never after the timeline ended', () => {
    const first = requestCancel(confirmed(), now + H);
    expect(first.events).toEqual(['cancel-requested']);
    expect(first.state.cancelRequestedAt).toBe(at(now + H));
    expect(requestCancel(first.state, now + 2 * H).events).toEqual([]);
    const cancelled = transition(confirmed(), snap({ status: 'cancelled' }), now).state;
    expect(requestCancel(cancelled, now).events).toEqual([]);
  });

  it('never mutates the state it is given', () => {
    const before = confirmed();
    const copy = structuredClone(before);
    transition(before, snap({ status: 'tech-on-site' }), now + H);
    remind(before, 'reminder-12h', now + 14 * H);
    remindDue(before, now + 24.5 * H);
    requestCancel(before, now);
    expect(before).toEqual(copy);
  });

  describe('per recipient (the technician texted, a new site contact confirmed)', () => {
    const rules = { perRecipient: true };
    const first = () => transition(initialTimeline(snap()), snap(), now, rules).state;

    it('a confirmation counts the first technician and site contact, and remembers the phone texted', () => {
      expect(first()).toMatchObject({ toldSitePhone: '+12125550123', technicians: 1, siteContacts: 1 });
    });

    it('a new site contact phone is a site-contact-changed event, once; a new technician counts the next one', () => {
      const moved = transition(first(), snap({ sitePhone: '+13055550199', techName: 'Ann' }), now, rules);
      expect(moved.events).toEqual(['tech-changed', 'site-contact-changed']);
      expect(moved.state).toMatchObject({ toldSitePhone: '+13055550199', technicians: 2, siteContacts: 2 });
      expect(transition(moved.state, snap({ sitePhone: '+13055550199', techName: 'Ann' }), now, rules).events).toEqual(
        [],
      );
    });

    it('a timeline confirmed under the old rules learns the phone without texting anyone', () => {
      const old = transition(initialTimeline(snap()), snap(), now).state;
      expect(old.toldSitePhone).toBeUndefined();
      const t = transition(old, snap({ sitePhone: '+13055550199' }), now, rules);
      expect(t.events).toEqual([]);
      expect(t.state.toldSitePhone).toBe('+13055550199');
      expect(transition(t.state, snap({ sitePhone: '+13055550142' }), now, rules).events).toEqual([
        'site-contact-changed',
      ]);
    });

    it('without the rules, a new site contact is no event (the runs that started before)', () => {
      const old = transition(initialTimeline(snap()), snap(), now).state;
      expect(transition(old, snap({ sitePhone: '+13055550199' }), now).events).toEqual([]);
    });
  });
});

describe('an owed SMS: sent later while it is worth sending (owedSmsWorthSending, owedSmsSettled)', () => {
  const owed = (event: ToldEntry['event'], over: Partial<ToldEntry> = {}): ToldEntry => ({
    event,
    at: at(now),
    sms: 'owed',
    note: 'written',
    owedSmsStep: `sms:${event}`,
    ...over,
  });
  const told = (event: ToldEntry['event'], sms: ToldEntry['sms'], over: Partial<ToldEntry> = {}): ToldEntry => ({
    event,
    at: at(now),
    sms,
    note: 'written',
    ...over,
  });
  const withLog = (state: TimelineState, ...log: ToldEntry[]): TimelineState => ({ ...state, log });

  it('is worth sending while the visit is ahead, not once it has passed', () => {
    const state = withLog(confirmed(5), owed('confirmed'));
    expect(owedSmsWorthSending(state, 0, now + 4 * H)).toBe(true);
    expect(owedSmsWorthSending(state, 0, now + 5 * H)).toBe(false);
  });

  it('is too late once the dispatch is on site, cancelled or completed; the arrival only while on site', () => {
    const onSite = transition(confirmed(5), snap({ appointment: at(now + 5 * H), status: 'tech-on-site' }), now + H);
    const arrival = withLog(onSite.state, owed('reminder-2h'), owed('tech-on-site'));
    expect(owedSmsWorthSending(arrival, 0, now + H)).toBe(false);
    expect(owedSmsWorthSending(arrival, 1, now + H)).toBe(true);
    const done = withLog(complete(onSite.state).state, owed('tech-on-site'));
    expect(owedSmsWorthSending(done, 0, now + H)).toBe(false);
    const cancelled = transition(confirmed(5), snap({ status: 'cancelled' }), now).state;
    expect(owedSmsWorthSending(withLog(cancelled, owed('confirmed')), 0, now)).toBe(false);
  });

  it('gives way to a later text of its kind to the same recipient, sent or owed itself; not to other news', () => {
    const state = confirmed(26);
    // The 2 h reminder outdates an owed 12 h one, to the site and to the technician alike.
    expect(owedSmsWorthSending(withLog(state, owed('reminder-12h'), told('reminder-2h', 'sent')), 0, now)).toBe(false);
    expect(owedSmsWorthSending(withLog(state, owed('reminder-12h'), owed('reminder-2h')), 0, now)).toBe(false);
    expect(owedSmsWorthSending(withLog(state, owed('reminder-12h'), told('reminder-2h', 'failed')), 0, now)).toBe(true);
    const tech = { recipient: 'technician' as const };
    const withTech = { ...state, snapshot: { ...state.snapshot, techPhone: '+13055550188' } };
    expect(
      owedSmsWorthSending(withLog(withTech, owed('reminder-12h', tech), told('reminder-2h', 'sent')), 0, now),
    ).toBe(true); // the site's reminder is not the technician's
    // A new technician's own confirmation outdates the one owed to the technician before.
    expect(
      owedSmsWorthSending(withLog(withTech, owed('confirmed', tech), told('tech-changed', 'sent', tech)), 0, now),
    ).toBe(false);
    // A new site contact's confirmation outdates the confirmation owed to the site.
    expect(owedSmsWorthSending(withLog(state, owed('confirmed'), told('site-contact-changed', 'sent')), 0, now)).toBe(
      false,
    );
    // A technician change is other news than the confirmation.
    expect(owedSmsWorthSending(withLog(state, owed('confirmed'), told('tech-changed', 'sent')), 0, now)).toBe(true);
  });

  it("is too late for a recipient without a phone now (the vendor dropped the technician's)", () => {
    const state = withLog(confirmed(26), owed('confirmed', { recipient: 'technician' }));
    expect(owedSmsWorthSending(state, 0, now)).toBe(false);
  });

  it('settles: every owed SMS no longer worth sending is too-late, its step dropped; the rest stay owed', () => {
    const state = withLog(confirmed(26), owed('reminder-12h'), owed('reminder-2h'), told('tech-changed', 'sent'));
    const settled = owedSmsSettled(state, now);
    expect(settled.log.map((l) => [l.event, l.sms, l.owedSmsStep])).toEqual([
      ['reminder-12h', 'too-late', undefined],
      ['reminder-2h', 'owed', 'sms:reminder-2h'],
      ['tech-changed', 'sent', undefined],
    ]);
    expect(owedSmsSettled(withLog(confirmed(26), told('confirmed', 'sent')), now).log[0].sms).toBe('sent');
    expect(state.log[0].sms).toBe('owed'); // not mutated
  });
});
