import { randomBytes } from 'node:crypto';
import { formatInstant } from '../../domain/time';
import { AUTOMATION_MARKER } from '../../domain/ticket-notes';
import type { DispatchMonitorResult } from '../../workflows/dispatch/dispatch-monitor';
import { storedBytes } from '../helpers/dev-server';
import { useTestEngine } from '../helpers/engine';
import { eventually, useTestPortal } from '../helpers/portal';

type Outbox = {
  sms: Array<{ to: string; body: string }>;
  emails: Array<{ to: string[]; subject: string; text: string }>;
};
type SandboxState = {
  vendors: {
    bruin: { notes: Record<string, { ticketId: string; noteValue: string }> };
    cts: { dispatches: Record<string, Record<string, unknown>> };
    lit: { dispatches: Record<string, Record<string, unknown>> };
  };
  outbox: Outbox;
};

const TICKET = '4694970';
const PHONE = '+1 212-555-0142';
const PHONE_E164 = '+12125550142';

/** The site's wall clock `hours` from now: the form's date, time and zone. */
function siteTime(hours: number, timeZone = 'America/New_York') {
  const m = /^(\S+) (\d{2}:\d{2})/.exec(
    formatInstant(new Date(Date.now() + hours * 3_600_000).toISOString(), timeZone),
  )!;
  return { date: m[1], time: m[2], timeZone };
}
const form = (vendor: 'lit' | 'cts', hours = 72) => ({
  vendor,
  ticketId: TICKET,
  ...siteTime(hours),
  contactName: 'Dana Smith',
  contactPhone: PHONE,
  description: 'Replace the edge',
});
const key = () => randomBytes(9).toString('hex');

describe('end to end: the dispatch portal API over a real Temporal and the vendor sandbox', () => {
  const engine = useTestEngine('portal-api');
  const portal = useTestPortal(engine);
  const state = async () => (await engine.sb.call('GET', '/_sandbox/state')).json as unknown as SandboxState;
  const detail = (as: { cookie: string; csrf: string }, vendor: string, reference: string) =>
    portal.api('GET', `/api/dispatches/${vendor}/${reference}`, { as });

  it('serves /health, the OpenAPI document with every route, and the interactive viewer', async () => {
    expect((await portal.api('GET', '/health')).json).toEqual({ status: 'ok' });
    const doc = (await portal.api('GET', '/api/openapi.json')).json as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.fromEntries(Object.entries(doc.paths).map(([p, ops]) => [p, Object.keys(ops).sort()]))).toEqual({
      '/api/session': ['delete', 'post'],
      '/api/dispatches': ['get', 'post'],
      '/api/dispatches/{vendor}/{reference}': ['get', 'patch'],
      '/api/dispatches/{vendor}/{reference}/cancel': ['post'],
      '/api/tickets/{ticketId}/site': ['get'],
      '/api/maintenance': ['get', 'post'],
      '/api/maintenance/{id}': ['get'],
      '/api/maintenance/{id}/extend': ['post'],
      '/api/maintenance/{id}/end': ['post'],
    });
    const docs = await fetch(`${portal.url}/api/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui');
  });

  it('answers 401 without a session, 401 for a wrong password, 429 after five failures, 403 for a viewer or a missing CSRF token', async () => {
    expect((await portal.api('GET', '/api/dispatches')).status).toBe(401);
    // Asked before the body is read: an anonymous bad body learns nothing but 401.
    expect((await portal.api('POST', '/api/dispatches', { body: { vendor: 'x' } })).status).toBe(401);
    const wrong = await portal.api('POST', '/api/session', { body: { username: 'nobody', password: 'x' } });
    expect(wrong).toMatchObject({ status: 401, json: { error: 'wrong user name or password' } });
    expect(wrong.headers.get('set-cookie')).toBeNull();

    // A forged cookie is no session.
    const dana = await portal.signIn('dana');
    const forged = { cookie: dana.cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), csrf: dana.csrf };
    expect((await portal.api('GET', '/api/dispatches', { as: forged })).status).toBe(401);

    const victor = await portal.signIn('victor');
    expect((await portal.api('GET', '/api/dispatches', { as: victor })).status).toBe(200);
    const viewerCreate = await portal.api('POST', '/api/dispatches', {
      as: victor,
      body: form('cts'),
      headers: { 'idempotency-key': key() },
    });
    expect(viewerCreate).toMatchObject({
      status: 403,
      json: { error: 'victor is a viewer: this needs a dispatcher' },
    });
    const noCsrf = await portal.api('POST', '/api/dispatches', {
      as: dana,
      csrf: false,
      body: form('cts'),
      headers: { 'idempotency-key': key() },
    });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.json.error).toMatch(/CSRF/);

    // Five wrong passwords for one user: the sixth attempt, even the right password, waits.
    for (let i = 0; i < 5; i++)
      expect(
        (await portal.api('POST', '/api/session', { body: { username: 'victor', password: `guess-${i}` } })).status,
      ).toBe(401);
    const throttled = await portal.api('POST', '/api/session', {
      body: { username: 'victor', password: 'victor-views-only-7' },
    });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(await stateCount()).toBe(0);
  });

  /** A history event's first payload, decrypted with the engine's key and read: who asked is in it. */
  const decodedInput = async (
    payloads: Parameters<(typeof engine.client.options.loadedDataConverter.payloadCodecs)[0]['decode']>[0],
  ) => {
    const converter = engine.client.options.loadedDataConverter;
    const [decoded] = await converter.payloadCodecs[0].decode(payloads);
    return converter.payloadConverter.fromPayload(decoded) as Record<string, unknown>;
  };
  const stateCount = async () => (await engine.client.workflow.count(`WorkflowType = 'dispatchRequest'`)).count;

  it('refuses bad input with 400 naming each field (422 for what only the clock or Bruin can tell), and creates nothing', async () => {
    const dana = await portal.signIn('dana');
    const ctsBefore = Object.keys((await state()).vendors.cts.dispatches).length;
    const post = (body: unknown, idempotencyKey = key()) =>
      portal.api('POST', '/api/dispatches', { as: dana, body, headers: { 'idempotency-key': idempotencyKey } });

    const bad = await post({
      ...form('cts'),
      contactPhone: 'call the front desk',
      timeZone: 'Mars Olympus',
    });
    expect(bad.status).toBe(400);
    expect(bad.json.fields).toEqual(
      expect.arrayContaining([
        { field: 'timeZone', reason: 'must be an IANA time zone such as America/New_York' },
        { field: 'contactPhone', reason: 'must be a US phone number such as +1 212-555-0100' },
      ]),
    );
    expect(JSON.stringify(bad.json)).not.toContain('front desk');
    // Well formed, so the document calls them valid: refused 422 by the rules it cannot state.
    const refused = async (body: unknown) => {
      const res = await post(body);
      return { status: res.status, ...res.json };
    };
    expect(await refused({ ...form('cts'), ...siteTime(-2) })).toEqual({
      status: 422,
      error: 'invalid request',
      fields: [{ field: 'date', reason: 'the appointment must be in the future' }],
    });
    expect(await refused({ ...form('cts'), timeZone: 'Mars/Olympus' })).toEqual({
      status: 422,
      error: 'invalid request',
      fields: [{ field: 'timeZone', reason: 'must be an IANA time zone such as America/New_York' }],
    });
    expect(await refused({ ...form('cts'), ticketId: '9999999' })).toEqual({
      status: 422,
      error: 'invalid request',
      fields: [{ field: 'ticketId', reason: 'Bruin has no ticket 9999999' }],
    });
    // A known path's other method: 405 naming the ones it takes.
    const put = await portal.api('PUT', '/api/dispatches', { as: dana, body: form('cts') });
    expect([put.status, put.headers.get('allow')]).toEqual([405, 'GET, HEAD, POST']);
    const schema = await post({ ticketId: TICKET });
    expect(schema.status).toBe(400);
    expect((schema.json.fields as Array<{ field: string }>).map((f) => f.field)).toEqual(
      expect.arrayContaining(['vendor', 'date', 'contactPhone']),
    );
    expect((await post(form('cts'), 'short')).json).toMatchObject({ fields: [{ field: 'idempotency-key' }] });
    expect(await stateCount()).toBe(0);
    expect(Object.keys((await state()).vendors.cts.dispatches)).toHaveLength(ctsBefore);
    expect((await portal.api('GET', '/api/dispatches/cts/IGZ-0000000000', { as: dana })).status).toBe(404);
    expect((await portal.api('GET', '/api/dispatches/xyz/IGZ-0000000000', { as: dana })).status).toBe(400);
  });

  it('the ticket site for the form; 404 for an unknown ticket', async () => {
    // (victor is throttled by the test before: a dispatcher reads it)
    const dana = await portal.signIn('dana');
    expect((await portal.api('GET', `/api/tickets/${TICKET}/site`, { as: dana })).json).toMatchObject({
      clientName: 'Acme Logistics',
      address: { street: '1200 Harbor Blvd', city: 'Newark', state: 'NJ' },
    });
    expect((await portal.api('GET', '/api/tickets/9999999/site', { as: dana })).status).toBe(404);
  });

  it('creates a CTS dispatch once per form key; the monitor follows it from the note the request wrote; change, cancel, then 409', async () => {
    const dana = await portal.signIn('dana');
    const idempotencyKey = key();
    // One form, read once: a second reading of the clock may fall in the next minute.
    const sent = form('cts');
    const created = await portal.api('POST', '/api/dispatches', {
      as: dana,
      body: sent,
      headers: { 'idempotency-key': idempotencyKey },
    });
    expect(created.status).toBe(202);
    const { reference, workflowId } = created.json as { reference: string; workflowId: string };
    expect(reference).toMatch(/^IGZ-[0-9a-f]{10}$/);
    expect(workflowId).toBe(`dispatch-request/cts/${reference}`);
    expect(created.headers.get('location')).toBe(`/api/dispatches/cts/${reference}`);
    // The same form sent again: the same dispatch, nothing new.
    const again = await portal.api('POST', '/api/dispatches', {
      as: dana,
      body: form('cts'),
      headers: { 'idempotency-key': idempotencyKey },
    });
    expect(again).toMatchObject({ status: 202, json: { reference, workflowId, duplicate: true } });

    const requested = await eventually(
      () => detail(dana, 'cts', reference),
      (r) => r.json.state === 'requested',
    );
    expect(requested.json).toMatchObject({
      vendor: 'cts',
      ticketId: TICKET,
      state: 'requested',
      requestedBy: 'dana',
      fields: {
        contactName: 'Dana Smith',
        contactPhone: PHONE_E164,
        vendorStatus: 'Open',
        date: sent.date,
        time: sent.time,
        timeZone: sent.timeZone,
      },
      timeline: { phase: 'requested', log: [] },
    });
    const dispatchNumber = requested.json.dispatchNumber as string;
    const records = Object.values((await state()).vendors.cts.dispatches).filter((d) =>
      String(d.Description__c).includes(`IGZ Dispatch Number: ${reference}`),
    );
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ Name: dispatchNumber, Ext_Ref_Num__c: TICKET, Status__c: 'Open' });
    const requestNote = Object.values((await state()).vendors.bruin.notes).find((n) => n.noteValue.includes(reference));
    expect(requestNote?.noteValue).toBe(
      `${AUTOMATION_MARKER}\nDispatch Management - Dispatch Requested\nIGZ Dispatch Number: ${reference}\n` +
        `CTS dispatch ${dispatchNumber}\nRequested by dana through the dispatch portal`,
    );

    // CTS schedules it: the monitor (no demo note for this dispatch) tells the running timeline.
    const appointment = new Date(Date.now() + 30 * 3_600_000).toISOString();
    await engine.sb.call('PATCH', `/_sandbox/cts/dispatches/${records[0].id as string}`, {
      Status__c: 'Scheduled',
      Local_Site_Time__c: appointment,
      API_Resource_Name__c: 'Joe Tech',
      Resource_Phone_Number__c: '+1 212 555 0177',
    });
    const cycle = await engine.triggerSchedule<DispatchMonitorResult>('cts-dispatch-monitor');
    expect(cycle.result.discards.filter((d) => d.dispatchNumber === dispatchNumber)).toEqual([]);
    const confirmed = await eventually(
      () => detail(dana, 'cts', reference),
      (r) => (r.json.timeline as { log: unknown[] } | undefined)?.log.length === 2,
    );
    expect(confirmed.json).toMatchObject({
      state: 'confirmed',
      timeline: {
        // The site contact's line (with the note), then the technician's own.
        log: [
          { event: 'confirmed', sms: 'sent', note: 'written' },
          { event: 'confirmed', recipient: 'technician', sms: 'sent', note: 'none' },
        ],
        nextReminder: { event: 'reminder-12h', at: new Date(Date.parse(appointment) - 12 * 3_600_000).toISOString() },
      },
    });
    expect(
      (await state()).outbox.sms.filter((s) => s.to === PHONE_E164 && s.body.includes(dispatchNumber)),
    ).toHaveLength(1);
    expect(
      (await state()).outbox.sms.filter((s) => s.to === '+12125550177').map((s) => s.body.split(' at ')[0]),
    ).toEqual([expect.stringMatching(/^MetTel: you are booked for a field service visit on /)]);

    // Move the appointment: the vendor has the new time, the timeline's reminders move.
    const moved = siteTime(50);
    const change = await portal.api('PATCH', `/api/dispatches/cts/${reference}`, { as: dana, body: moved });
    expect(change.status).toBe(202);
    await engine.client.workflow.getHandle(change.json.workflowId as string).result();
    const after = await eventually(
      () => detail(dana, 'cts', reference),
      (r) => (r.json.fields as { date: string; time: string }).time === moved.time,
    );
    expect(after.json.fields).toMatchObject(moved);
    // 50 h ahead now: the 12-hour reminder moves to 38 h from now (it was 18 h).
    const nextAt = Date.parse((after.json.timeline as { nextReminder: { at: string } }).nextReminder.at);
    expect(Math.abs(nextAt - (Date.now() + 38 * 3_600_000))).toBeLessThan(5 * 60_000);
    // The change's history names who asked.
    const changeInput = (await engine.client.workflow.getHandle(change.json.workflowId as string).fetchHistory())
      .events![0].workflowExecutionStartedEventAttributes!.input!.payloads!;
    expect(changeInput).toHaveLength(1);
    expect(await decodedInput(changeInput)).toMatchObject({ requestedBy: { user: 'dana', role: 'dispatcher' } });

    // A new site contact: told on the ticket (who, old → new, the phone's last four digits), texted the confirmation.
    const newContact = await portal.api('PATCH', `/api/dispatches/cts/${reference}`, {
      as: dana,
      body: { contactName: 'Lee Park', contactPhone: '+1 305-555-0100' },
    });
    expect(newContact.status).toBe(202);
    await engine.client.workflow.getHandle(newContact.json.workflowId as string).result();
    const changeNotes = Object.values((await state()).vendors.bruin.notes)
      .map((n) => n.noteValue)
      .filter((n) => n.includes('Dispatch Changed') && n.includes(dispatchNumber));
    expect(changeNotes).toHaveLength(2);
    expect(changeNotes[0]).toMatch(/\nAppointment: \S+ \S+ \(America\/New_York\) → \S+ \S+ \(America\/New_York\)\n/);
    expect(changeNotes[1]).toContain('\nSite contact: Dana Smith, phone ending 0142 → Lee Park, phone ending 0100\n');
    expect(changeNotes.every((n) => n.endsWith('\nChanged by dana through the dispatch portal'))).toBe(true);
    expect(changeNotes.join('\n')).not.toMatch(/555.?0100|555.?0142/);
    const told = await eventually(
      () => detail(dana, 'cts', reference),
      (r) => (r.json.timeline as { log: Array<{ event: string }> }).log.some((l) => l.event === 'site-contact-changed'),
    );
    expect((told.json.timeline as { log: Array<{ event: string }> }).log.at(-1)).toMatchObject({
      event: 'site-contact-changed',
      sms: 'sent',
      note: 'written',
    });
    expect(
      (await state()).outbox.sms.filter((s) => s.to === '+13055550100').map((s) => s.body.split(' for ')[0]),
    ).toEqual(['MetTel: your field service visit is confirmed']);
    const requestInput = (await engine.client.workflow.getHandle(workflowId).fetchHistory()).events![0]
      .workflowExecutionStartedEventAttributes!.input!.payloads!;
    expect(await decodedInput(requestInput)).toMatchObject({
      reference,
      requestedBy: { user: 'dana', role: 'dispatcher' },
      form: { contactName: 'Dana Smith', contactPhone: PHONE_E164 },
    });

    // Bad changes: 400 with the field; unknown dispatch: 404.
    const badChange = await portal.api('PATCH', `/api/dispatches/cts/${reference}`, {
      as: dana,
      body: { date: moved.date },
    });
    expect(badChange).toMatchObject({ status: 400, json: { fields: [{ field: 'date' }] } });
    expect(
      (await portal.api('PATCH', `/api/dispatches/cts/${reference}`, { as: dana, body: { color: 'red' } })).status,
    ).toBe(400);
    expect((await portal.api('PATCH', '/api/dispatches/cts/IGZ-0123456789', { as: dana, body: moved })).status).toBe(
      404,
    );

    // Cancel: the vendor's desk gets one email; once CTS cancels, the dispatch is cancelled and frozen.
    const cancel = await portal.api('POST', `/api/dispatches/cts/${reference}/cancel`, {
      as: dana,
      body: { reason: 'customer fixed the router' },
    });
    expect(cancel).toMatchObject({ status: 202, json: { workflowId: `dispatch/cts/${dispatchNumber}` } });
    await eventually(
      async () => (await state()).outbox.emails.filter((e) => e.subject.includes(dispatchNumber)),
      (emails) => emails.length === 1,
    );
    expect((await detail(dana, 'cts', reference)).json.state).toBe('cancel-requested');
    const signals = (
      await engine.client.workflow.getHandle(`dispatch/cts/${dispatchNumber}`).fetchHistory()
    ).events!.filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'cancelRequested');
    expect(signals).toHaveLength(1);
    expect(await decodedInput(signals[0].workflowExecutionSignaledEventAttributes!.input!.payloads!)).toEqual({
      reason: 'customer fixed the router',
      requestedBy: 'dana',
    });
    await engine.sb.call('PATCH', `/_sandbox/cts/dispatches/${records[0].id as string}`, { Status__c: 'Canceled' });
    await engine.triggerSchedule('cts-dispatch-monitor');
    await eventually(
      () => detail(dana, 'cts', reference),
      (r) => r.json.state === 'cancelled',
    );
    expect(
      (await portal.api('PATCH', `/api/dispatches/cts/${reference}`, { as: dana, body: siteTime(60) })).json,
    ).toEqual({
      error: `dispatch ${reference} is cancelled: it can no longer change`,
    });
    expect(
      (await portal.api('POST', `/api/dispatches/cts/${reference}/cancel`, { as: dana, body: { reason: 'again' } }))
        .status,
    ).toBe(409);

    const listed = await portal.api('GET', `/api/dispatches?vendor=cts&state=cancelled&ticketId=${TICKET}`, {
      as: dana,
    });
    expect((listed.json.dispatches as Array<{ reference: string }>).map((d) => d.reference)).toContain(reference);
    expect(
      (await portal.api('GET', '/api/dispatches?vendor=lit', { as: dana })).json.dispatches as unknown[],
    ).not.toContainEqual(expect.objectContaining({ reference }));
  });

  it('a LIT dispatch requested while LIT is down waits "pending at the vendor", then is created once and monitored', async () => {
    const dana = await portal.signIn('dana');
    await engine.sb.call('POST', '/_sandbox/faults', { vendor: 'lit', errorRate: 1, statusCode: 503 });
    const created = await portal.api('POST', '/api/dispatches', {
      as: dana,
      body: form('lit', 96),
      headers: { 'idempotency-key': key() },
    });
    expect(created.status).toBe(202);
    const reference = created.json.reference as string;
    await new Promise((r) => setTimeout(r, 2_500));
    expect((await detail(dana, 'lit', reference)).json).toMatchObject({
      state: 'pending-at-vendor',
      requestedBy: 'dana',
    });
    const pendingPage = await portal.api('GET', `/api/dispatches?state=pending-at-vendor`, { as: dana });
    expect((pendingPage.json.dispatches as Array<{ reference: string }>).map((d) => d.reference)).toContain(reference);
    // The edit page's form posted while it is pending: 409 on the dispatch's page (not a crash).
    const editPage = await fetch(`${portal.url}/dispatches/lit/${reference}/edit`, {
      method: 'POST',
      headers: { cookie: dana.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: dana.csrf, ...siteTime(90), contactName: 'Dana Smith' }).toString(),
    });
    expect(editPage.status).toBe(409);
    expect(await editPage.text()).toContain('This dispatch cannot change now (pending at vendor).');
    // A change while it is pending: 409, not lost and not half-done.
    expect(
      (await portal.api('PATCH', `/api/dispatches/lit/${reference}`, { as: dana, body: siteTime(90) })).status,
    ).toBe(409);

    await engine.sb.call('DELETE', '/_sandbox/faults?vendor=lit');
    const requested = await eventually(
      () => detail(dana, 'lit', reference),
      (r) => r.json.state === 'requested',
      90_000,
    );
    const dispatchNumber = requested.json.dispatchNumber as string;
    const lit = Object.values((await state()).vendors.lit.dispatches).filter((d) =>
      String(d.Scope_of_Work).startsWith(`IGZ Dispatch Number: ${reference}`),
    );
    expect(lit).toHaveLength(1);
    expect(lit[0]).toMatchObject({ Dispatch_Number: dispatchNumber, MetTel_Bruin_TicketID: TICKET });

    await engine.sb.call('PATCH', `/_sandbox/lit/dispatches/${dispatchNumber}`, {
      Dispatch_Status: 'Request Confirmed',
      Tech_First_Name: 'Maria',
    });
    const cycle = await engine.triggerSchedule<DispatchMonitorResult>('lit-dispatch-monitor');
    expect(cycle.result.discards.filter((d) => d.dispatchNumber === dispatchNumber)).toEqual([]);
    const confirmed = await eventually(
      () => detail(dana, 'lit', reference),
      (r) => r.json.state === 'confirmed' && (r.json.timeline as { log: unknown[] }).log.length === 1,
    );
    expect(confirmed.json.timeline).toMatchObject({ log: [{ event: 'confirmed', sms: 'sent', note: 'written' }] });
  }, 180_000);

  it('maintenance windows: viewers read, a dispatcher sets, extends and ends one; bad input is 400 (422 for the calendar, clock or fleet) naming each field', async () => {
    await engine.triggerSchedule('outage-monitor'); // the customer cache says which devices exist
    const dana = await portal.signIn('dana');
    // victor is throttled by an earlier test: vera is the viewer here.
    const vera = await portal.signIn('vera');
    const wall = (minutes: number) => siteTime(minutes / 60);
    const at = (minutes: number) => `${wall(minutes).date}T${wall(minutes).time}`;
    const body = {
      scope: 'device:VC05400011823',
      start: at(-1),
      end: at(120),
      timeZone: 'America/New_York',
      reason: 'router swap at the clinic',
    };
    expect((await portal.api('POST', '/api/maintenance', { as: vera, body })).status).toBe(403);
    const bad = await portal.api('POST', '/api/maintenance', {
      as: dana,
      body: { ...body, scope: 'site:1', end: 'tomorrow', reason: '' },
    });
    expect(bad.status).toBe(400);
    expect([...new Set((bad.json.fields as Array<{ field: string }>).map((f) => f.field))].sort()).toEqual([
      'end',
      'reason',
      'scope',
    ]);
    const unknown = await portal.api('POST', '/api/maintenance', {
      as: dana,
      body: { ...body, scope: 'device:VC99999999' },
    });
    expect(unknown).toMatchObject({ status: 422, json: { fields: [{ field: 'scope' }] } });
    const backwards = await portal.api('POST', '/api/maintenance', { as: dana, body: { ...body, end: at(-2) } });
    expect(backwards).toMatchObject({
      status: 422,
      json: { fields: [{ field: 'end', reason: 'must be after the start' }] },
    });

    const set = await portal.api('POST', '/api/maintenance', { as: dana, body });
    expect(set).toMatchObject({
      status: 201,
      json: { scope: 'device:VC05400011823', status: 'active', setBy: 'dana' },
    });
    const id = set.json.id as string;
    expect(set.headers.get('location')).toBe(`/api/maintenance/${encodeURIComponent(id)}`);
    expect((await portal.api('POST', '/api/maintenance', { as: dana, body })).status).toBe(409); // the same window again
    const listed = await portal.api('GET', '/api/maintenance', { as: vera });
    expect((listed.json.windows as Array<{ id: string }>).map((w) => w.id)).toContain(id);

    const path = `/api/maintenance/${encodeURIComponent(id)}`;
    const extended = await portal.api('POST', `${path}/extend`, {
      as: dana,
      body: { end: at(180), reason: 'parts late' },
    });
    expect(extended).toMatchObject({
      status: 200,
      json: { events: [{ what: 'set' }, { what: 'extended', by: 'dana' }] },
    });
    const tooLong = await portal.api('POST', `${path}/extend`, {
      as: dana,
      body: { end: at(60 * 24 * 30), reason: 'x' },
    });
    expect(tooLong).toMatchObject({ status: 409, json: { error: expect.stringContaining('MAINTENANCE_MAX_DAYS') } });
    const ended = await portal.api('POST', `${path}/end`, { as: dana, body: { reason: 'done early' } });
    expect(ended).toMatchObject({ status: 200, json: { status: 'ended' } });
    expect((await portal.api('POST', `${path}/end`, { as: dana, body: { reason: 'again' } })).status).toBe(409);
    expect(
      (await portal.api('GET', `/api/maintenance/${encodeURIComponent('device:VC1@2026')}`, { as: vera })).status,
    ).toBe(404);
    // A window ID is up to 200 characters: a long one reaches the window's handler, not the router's own 404.
    const longId = `edge:${'E'.repeat(170)}@2026-12-06T10:00`;
    expect(await portal.api('GET', `/api/maintenance/${encodeURIComponent(longId)}`, { as: vera })).toMatchObject({
      status: 404,
      json: { error: `no maintenance window ${longId}` },
    });

    // The page: the window with who and why for a viewer; no forms to change it.
    const page = await fetch(`${portal.url}/maintenance`, { headers: { cookie: vera.cookie } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('device:VC05400011823');
    expect(html).toContain('router swap at the clinic');
    expect(html).not.toContain('Set the window');
  });

  it('keeps names and phones out of search attributes and stored bytes (encrypted payloads)', async () => {
    const dana = await portal.signIn('dana');
    const all = await portal.api('GET', '/api/dispatches', { as: dana });
    expect((all.json.dispatches as unknown[]).length).toBeGreaterThanOrEqual(2);
    for await (const run of engine.client.workflow.list({ query: `WorkflowType = 'dispatchRequest'` })) {
      const attributes = JSON.stringify(run.searchAttributes);
      expect(attributes).not.toContain('Dana Smith');
      expect(attributes).not.toContain('5550142');
    }
    const stored = storedBytes(engine.server);
    expect(stored).toContain('dispatch-request/cts/');
    expect(stored).not.toContain('Dana Smith');
    expect(stored).not.toContain('212-555-0142');
    expect(stored).not.toContain(PHONE_E164);
  });
});
