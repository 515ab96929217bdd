import { AUTOMATION_MARKER } from '../../../domain/ticket-notes';
import {
  ctsAppointment,
  ctsIgzDispatchNumber,
  ctsOnsiteContact,
  dispatchNote,
  dispatchSms,
  addressLine,
  techSms,
  timeLeft,
  extractPhone,
  generalStatus,
  isOurDispatch,
  litAppointment,
  noteAlreadyWritten,
  VENDOR_STATUSES,
  litSnapshot,
  ctsSnapshot,
  snapshotFingerprint,
  type DispatchFacts,
  type DispatchSnapshot,
} from '../../../domain/dispatch';

describe('dispatch statuses', () => {
  it.each([
    ['lit', 'New Dispatch', 'requested'],
    ['lit', 'Request Confirmed', 'confirmed'],
    ['lit', 'Tech Arrived', 'tech-on-site'],
    ['lit', 'Cancelled', 'cancelled'],
    ['lit', 'Close Out', 'completed'],
    ['cts', 'Open', 'requested'],
    ['cts', 'Scheduled', 'confirmed'],
    ['cts', 'On Site', 'tech-on-site'],
    ['cts', 'Canceled', 'cancelled'],
    ['cts', 'Completed', 'completed'],
    ['cts', 'Complete Pending Collateral', 'completed'],
  ] as const)('%s "%s" is %s', (vendor, status, general) => {
    expect(generalStatus(vendor, status)).toBe(general);
  });

  it('covers exactly the seed table and knows no other status', () => {
    expect(Object.keys(VENDOR_STATUSES.lit)).toHaveLength(5);
    expect(Object.keys(VENDOR_STATUSES.cts)).toHaveLength(6);
    expect(generalStatus('lit', 'Canceled')).toBeUndefined(); // CTS's spelling, not LIT's
    expect(generalStatus('cts', 'toString')).toBeUndefined();
    expect(generalStatus('cts', ' Scheduled ')).toBe('confirmed');
  });
});

describe('appointment instants', () => {
  const lit = (date: string, time: string, zone = 'Eastern Time') =>
    litAppointment({
      Date_of_Dispatch: date,
      Hard_Time_of_Dispatch_Local: time,
      Hard_Time_of_Dispatch_Time_Zone_Local: zone,
    });

  it('LIT: local date, time and zone name to UTC, in winter and summer', () => {
    expect(lit('2026-12-01', '10:00AM')).toEqual({ ok: true, value: '2026-12-01T15:00:00.000Z' });
    expect(lit('2026-07-01', '10:00 am')).toEqual({ ok: true, value: '2026-07-01T14:00:00.000Z' });
    expect(lit('12/01/2026', '4:30PM', 'Pacific Time')).toEqual({ ok: true, value: '2026-12-02T00:30:00.000Z' });
    expect(lit('2026-12-01', '12:15AM', 'Central Time')).toEqual({ ok: true, value: '2026-12-01T06:15:00.000Z' });
    expect(lit('2026-12-01', '12:00PM', 'America/Denver')).toEqual({ ok: true, value: '2026-12-01T19:00:00.000Z' });
    expect(lit('2026-12-01', '14:00', 'Hawaii Time')).toEqual({ ok: true, value: '2026-12-02T00:00:00.000Z' });
  });

  it('LIT across DST: a time skipped by spring-forward moves forward; a repeated fall-back time is the first one', () => {
    expect(lit('2026-03-08', '2:30AM')).toEqual({ ok: true, value: '2026-03-08T07:30:00.000Z' }); // 3:30 EDT
    expect(lit('2026-03-08', '1:59AM')).toEqual({ ok: true, value: '2026-03-08T06:59:00.000Z' }); // still EST
    expect(lit('2026-03-08', '3:00AM')).toEqual({ ok: true, value: '2026-03-08T07:00:00.000Z' }); // EDT
    expect(lit('2026-11-01', '1:30AM')).toEqual({ ok: true, value: '2026-11-01T05:30:00.000Z' }); // first 1:30, EDT
    expect(lit('2026-11-01', '2:00AM')).toEqual({ ok: true, value: '2026-11-01T07:00:00.000Z' }); // EST
  });

  it('LIT: each bad field is named', () => {
    expect(lit('2026-02-30', '10:00AM')).toEqual({
      ok: false,
      reason: expect.stringContaining('Date_of_Dispatch "2026-02-30"'),
    });
    expect(lit('2026-12-01', '13:00PM')).toEqual({
      ok: false,
      reason: expect.stringContaining('Hard_Time_of_Dispatch_Local'),
    });
    expect(lit('2026-12-01', '10:00AM', 'Moon Time')).toEqual({
      ok: false,
      reason: expect.stringContaining('Hard_Time_of_Dispatch_Time_Zone_Local "Moon Time"'),
    });
    expect(litAppointment({})).toEqual({ ok: false, reason: expect.stringContaining('Date_of_Dispatch') });
  });

  it('CTS: Local_Site_Time__c is an instant; one without an offset is refused', () => {
    expect(ctsAppointment('2026-12-02T15:00:00.000Z')).toEqual({ ok: true, value: '2026-12-02T15:00:00.000Z' });
    expect(ctsAppointment('2026-12-02T10:00:00-05:00')).toEqual({ ok: true, value: '2026-12-02T15:00:00.000Z' });
    expect(ctsAppointment('2026-12-02 15:00')).toEqual({
      ok: false,
      reason: expect.stringContaining('Local_Site_Time__c'),
    });
    expect(ctsAppointment(null)).toMatchObject({ ok: false });
  });
});

describe('contacts and ownership', () => {
  it.each([
    ['Jane Doe +12125550123', '+12125550123'],
    ['Jane Doe (212) 555-0123', '+12125550123'],
    ['212.555.0123 ask for Jane', '+12125550123'],
    ['Jane: 1-212-555-0123', '+12125550123'],
    ['Jane 2125550123', '+12125550123'],
    ['+1 212 555 0123', '+12125550123'],
  ])('finds the phone in "%s"', (text, phone) => {
    expect(extractPhone(text, 'Job_Site_Contact_Name_and_Phone_Number')).toEqual({ ok: true, value: phone });
  });

  it('rejects text without a US number, naming the field but not echoing the text', () => {
    for (const text of ['Jane Doe', 'call 555-0123', 'Jane 112-555-0123', 'ref 123456789012', null]) {
      const result = extractPhone(text, 'Tech_Mobile_Number');
      expect(result).toEqual({ ok: false, reason: 'Tech_Mobile_Number holds no US phone number' });
    }
  });

  it('reads the IGZ dispatch number and the onsite contact from a CTS description', () => {
    const description = 'Replace router\nIGZ Dispatch Number: IGZ-0001\nOnsite Contact: John Roe +13055550187\n';
    expect(ctsIgzDispatchNumber(description)).toBe('IGZ-0001');
    expect(ctsOnsiteContact(description)).toBe('John Roe +13055550187');
    expect(ctsIgzDispatchNumber('no reference')).toBeUndefined();
  });

  it('a dispatch is ours when its reference is, as a whole word, in one of our automation notes', () => {
    const notes = [
      { noteValue: 'human note mentioning DIS99999' },
      { noteValue: `${AUTOMATION_MARKER}\nDispatch Management - Dispatch Requested\nDispatch Number: DIS37450` },
      { noteValue: null },
    ];
    expect(isOurDispatch('DIS37450', notes)).toBe(true);
    expect(isOurDispatch('DIS3745', notes)).toBe(false);
    expect(isOurDispatch('DIS99999', notes)).toBe(false); // only in a human note
    expect(isOurDispatch('', notes)).toBe(false);
    expect(isOurDispatch('IGZ-0001', [{ noteValue: `${AUTOMATION_MARKER}\nIGZ Dispatch Number: IGZ-0001` }])).toBe(
      true,
    );
    expect(isOurDispatch('IGZ-0001', [{ noteValue: `${AUTOMATION_MARKER}\nIGZ Dispatch Number: IGZ-00012` }])).toBe(
      false,
    );
  });
});

describe('SMS and note templates', () => {
  const facts: DispatchFacts = {
    vendor: 'lit',
    dispatchNumber: 'DIS37450',
    ticketId: '4694961',
    appointment: '2026-12-01T15:00:00.000Z',
    timeZone: 'America/New_York',
    techName: 'Joe',
  };

  it("writes each event's SMS with the local time, technician and references", () => {
    expect(dispatchSms('confirmed', facts)).toBe(
      'MetTel: your field service visit is confirmed for 2026-12-01 10:00:00 EST. Your technician: Joe. (MetTel ticket 4694961, LIT dispatch DIS37450)',
    );
    expect(dispatchSms('reminder-12h', facts)).toContain('in about 12 hours, at 2026-12-01 10:00:00 EST');
    expect(dispatchSms('reminder-2h', { ...facts, vendor: 'cts', timeZone: 'America/Chicago' })).toContain(
      'in about 2 hours, at 2026-12-01 09:00:00 CST. (MetTel ticket 4694961, CTS dispatch DIS37450)',
    );
    expect(dispatchSms('tech-changed', { ...facts, techName: 'Ann' })).toContain('is now Ann');
    expect(dispatchSms('tech-on-site', facts)).toContain('Joe has arrived on site');
    for (const e of ['confirmed', 'reminder-12h', 'reminder-2h', 'tech-changed', 'tech-on-site'] as const)
      expect(dispatchSms(e, facts).length).toBeLessThanOrEqual(160);
  });

  it("writes the technician's texts: local time, the site's address (or the ticket's site), the site contact", () => {
    const onSite = { ...facts, sitePhone: '+12125550123', siteContactName: 'Jane Doe' };
    expect(techSms('confirmed', onSite, '55 Water St, New York, NY 10041')).toBe(
      'MetTel: you are booked for a field service visit on 2026-12-01 10:00:00 EST at 55 Water St, New York, NY 10041. Site contact: Jane Doe, +1 212-555-0123. (MetTel ticket 4694961, LIT dispatch DIS37450)',
    );
    const visit = Date.parse('2026-12-01T15:00:00Z');
    expect(techSms('reminder-2h', onSite, '', visit - 40 * 60_000)).toBe(
      'MetTel reminder: your field service visit at the site of MetTel ticket 4694961 is in about 40 minutes, at 2026-12-01 10:00:00 EST. Site contact: Jane Doe, +1 212-555-0123. (MetTel ticket 4694961, LIT dispatch DIS37450)',
    );
    expect(techSms('reminder-12h', facts, '')).toContain('Site contact: see the ticket.');
    expect(addressLine({ street: '1 Main St', city: 'Miami', state: 'FL', zip: '33101' })).toBe(
      '1 Main St, Miami, FL 33101',
    );
    expect(addressLine(null)).toBe('');
  });

  it("notes a new site contact by name and the phone's last four digits only", () => {
    const note = dispatchNote('site-contact-changed', { ...facts, sitePhone: '+13055550199', siteContactName: 'Raj' });
    expect(note.split('\n').slice(1, 3)).toEqual([
      'Dispatch Management - Site Contact Changed',
      'Dispatch Number: DIS37450 / Site contact: Raj phone ending 0199',
    ]);
    expect(note).not.toContain('555');
    expect(dispatchSms('site-contact-changed', facts)).toBe(dispatchSms('confirmed', facts));
  });

  it('a reminder names the time really left when it goes out late, on time its own lead', () => {
    const visit = Date.parse('2026-12-01T15:00:00Z');
    expect(dispatchSms('reminder-12h', facts, visit - 12 * 3_600_000 - 4_000)).toContain('in about 12 hours, at');
    expect(dispatchSms('reminder-12h', facts, visit - 7 * 3_600_000 + 10 * 60_000)).toContain('in about 7 hours, at');
    expect(dispatchSms('reminder-2h', facts, visit - 75 * 60_000)).toContain('in about an hour, at');
    expect(dispatchSms('reminder-2h', facts, visit - 40 * 60_000)).toContain('in about 40 minutes, at');
    expect(timeLeft(30_000)).toBe('about 1 minute');
  });

  it("names the technician's phone, when the vendor gave one, in the SMS and the note", () => {
    const withPhone = { ...facts, techPhone: '+12123456789' };
    expect(dispatchSms('confirmed', withPhone)).toContain('Your technician: Joe, +1 212-345-6789.');
    expect(dispatchSms('tech-changed', { ...withPhone, techName: 'Ann' })).toContain('is now Ann, +1 212-345-6789.');
    expect(dispatchSms('tech-on-site', withPhone)).toContain('your technician Joe, +1 212-345-6789 has arrived');
    expect(dispatchNote('confirmed', withPhone)).toContain('\nTechnician: Joe, +1 212-345-6789');
    expect(dispatchNote('confirmed', facts).endsWith('\nTechnician: Joe')).toBe(true);
  });

  it('writes notes that identify their event, so a written one is recognised and not written again', () => {
    const confirmed = dispatchNote('confirmed', facts);
    expect(confirmed.split('\n').slice(0, 3)).toEqual([
      AUTOMATION_MARKER,
      'Dispatch Management - Dispatch Confirmed',
      'Dispatch Number: DIS37450',
    ]);
    const notes = [
      { noteValue: confirmed },
      { noteValue: dispatchNote('tech-changed', { ...facts, techName: 'Ann' }) },
    ];
    expect(noteAlreadyWritten('confirmed', { ...facts, techName: 'Someone else' }, notes)).toBe(true);
    expect(noteAlreadyWritten('confirmed', { ...facts, dispatchNumber: 'DIS1' }, notes)).toBe(false);
    expect(noteAlreadyWritten('tech-changed', { ...facts, techName: 'Ann' }, notes)).toBe(true);
    expect(noteAlreadyWritten('tech-changed', { ...facts, techName: 'Bob' }, notes)).toBe(false);
    expect(noteAlreadyWritten('reminder-2h', facts, notes)).toBe(false);
    expect(
      noteAlreadyWritten('rescheduled', { ...facts, appointment: '2026-12-02T15:00:00.000Z' }, [
        { noteValue: dispatchNote('rescheduled', facts) },
      ]),
    ).toBe(false);
    expect(dispatchNote('cancelled', facts)).toContain('Pending reminders were dropped.');
  });

  it("keeps every note under Bruin's 1,500 characters", () => {
    const note = dispatchNote('confirmed', { ...facts, techName: 'J'.repeat(2000) });
    expect(note.length).toBe(1499);
    expect(note.endsWith('[truncated]')).toBe(true);
  });
});

describe('vendor dispatch → snapshot (what the monitor keeps or discards)', () => {
  const litOk = {
    Dispatch_Number: 'DIS37450',
    MetTel_Bruin_TicketID: '4694961',
    Dispatch_Status: 'Request Confirmed',
    Date_of_Dispatch: '2026-12-01',
    Hard_Time_of_Dispatch_Local: '10:00AM',
    Hard_Time_of_Dispatch_Time_Zone_Local: 'Pacific Time',
    Tech_First_Name: 'Joe',
    Job_Site_Contact_Name_and_Phone_Number: 'Jane Doe +12125550123',
  };
  const ctsOk = {
    Name: 'S-147735',
    Ext_Ref_Num__c: '4694962',
    Status__c: 'Scheduled',
    Local_Site_Time__c: '2026-12-02T15:00:00.000Z',
    Description__c: 'IGZ Dispatch Number: IGZ-0001\nOnsite Contact: John Roe +13055550187',
    API_Resource_Name__c: null,
  };

  it('builds LIT and CTS snapshots with the general status, instant, zone and E.164 site phone', () => {
    expect(litSnapshot(litOk)).toEqual({
      ok: true,
      value: {
        vendor: 'lit',
        dispatchNumber: 'DIS37450',
        ticketId: '4694961',
        reference: 'DIS37450',
        status: 'confirmed',
        vendorStatus: 'Request Confirmed',
        appointment: '2026-12-01T18:00:00.000Z',
        timeZone: 'America/Los_Angeles',
        techName: 'Joe',
        sitePhone: '+12125550123',
        siteContactName: 'Jane Doe',
      },
    });
    expect(ctsSnapshot(ctsOk, 'America/New_York')).toEqual({
      ok: true,
      value: {
        vendor: 'cts',
        dispatchNumber: 'S-147735',
        ticketId: '4694962',
        reference: 'IGZ-0001',
        status: 'confirmed',
        vendorStatus: 'Scheduled',
        appointment: '2026-12-02T15:00:00.000Z',
        timeZone: 'America/New_York',
        techName: 'to be assigned',
        sitePhone: '+13055550187',
        siteContactName: 'John Roe',
      },
    });
  });

  it("reads CTS's technician phone from Description__c when Resource_Phone_Number__c is empty (seed 004)", () => {
    const described = (line: string, resource: string | null = null) =>
      ctsSnapshot(
        { ...ctsOk, Description__c: `${ctsOk.Description__c}\n${line}`, Resource_Phone_Number__c: resource },
        'UTC',
      );
    expect(described('Tech Phone: (212) 345-6789')).toMatchObject({ ok: true, value: { techPhone: '+12123456789' } });
    expect(described('Technician Phone Number: 305.555.0100')).toMatchObject({
      ok: true,
      value: { techPhone: '+13055550100' },
    });
    // The dedicated field wins over the description.
    expect(described('Tech Phone: (212) 345-6789', '305-555-0100')).toMatchObject({
      value: { techPhone: '+13055550100' },
    });
    expect(described('Tech Phone: ask dispatch')).toEqual({
      ok: false,
      reason: 'S-147735: Description__c "Tech Phone:" holds no US phone number',
    });
    expect(ctsSnapshot(ctsOk, 'UTC')).toMatchObject({ ok: true, value: { techPhone: undefined } });
  });

  it("carries the technician's phone as E.164; an unreadable one discards the dispatch naming the field, never the text", () => {
    expect(litSnapshot({ ...litOk, Tech_Mobile_Number: '(212) 345-6789' })).toMatchObject({
      ok: true,
      value: { techPhone: '+12123456789' },
    });
    expect(
      ctsSnapshot({ ...ctsOk, API_Resource_Name__c: 'Ann', Resource_Phone_Number__c: '212.345.6789' }, 'UTC'),
    ).toMatchObject({ ok: true, value: { techName: 'Ann', techPhone: '+12123456789' } });
    expect(litSnapshot({ ...litOk, Tech_Mobile_Number: '' })).toMatchObject({
      ok: true,
      value: { techPhone: undefined },
    });
    expect(litSnapshot({ ...litOk, Tech_Mobile_Number: 'call Joe 555' })).toEqual({
      ok: false,
      reason: 'DIS37450: Tech_Mobile_Number holds no US phone number',
    });
    expect(ctsSnapshot({ ...ctsOk, Resource_Phone_Number__c: 'n/a' }, 'UTC')).toEqual({
      ok: false,
      reason: 'S-147735: Resource_Phone_Number__c holds no US phone number',
    });
  });

  it.each([
    [{ MetTel_Bruin_TicketID: 'n/a' }, 'DIS37450: MetTel_Bruin_TicketID "n/a" is not a Bruin ticket ID'],
    [{ Dispatch_Status: 'Lost' }, 'DIS37450: Dispatch_Status "Lost" is not a LIT status'],
    [{ Date_of_Dispatch: null }, 'DIS37450: Date_of_Dispatch "" is not a date (YYYY-MM-DD or MM/DD/YYYY)'],
    [
      { Job_Site_Contact_Name_and_Phone_Number: 'Jane Doe' },
      'DIS37450: Job_Site_Contact_Name_and_Phone_Number holds no US phone number',
    ],
  ])('discards a LIT dispatch with %j, saying why', (change, reason) => {
    expect(litSnapshot({ ...litOk, ...change })).toEqual({ ok: false, reason });
  });

  it.each([
    [{ Ext_Ref_Num__c: null }, 'S-147735: Ext_Ref_Num__c "" is not a Bruin ticket ID'],
    [
      { Description__c: 'Onsite Contact: John Roe +13055550187' },
      'S-147735: Description__c has no "IGZ Dispatch Number:"',
    ],
    [
      { Description__c: 'IGZ Dispatch Number: IGZ-0001' },
      'S-147735: Description__c "Onsite Contact:" holds no US phone number',
    ],
    [
      { Local_Site_Time__c: 'tomorrow' },
      'S-147735: Local_Site_Time__c "tomorrow" is not an ISO instant with a UTC offset',
    ],
  ])('discards a CTS dispatch with %j, saying why', (change, reason) => {
    expect(ctsSnapshot({ ...ctsOk, ...change }, 'America/New_York')).toEqual({ ok: false, reason });
  });

  it('a cancel needs only its number, ticket and appointment (seed 004); other statuses every field', () => {
    const litCancel = {
      ...litOk,
      Dispatch_Status: 'Cancelled',
      Job_Site_Contact_Name_and_Phone_Number: 'Jane Doe',
      Tech_Mobile_Number: 'call Joe',
    };
    expect(litSnapshot(litCancel)).toMatchObject({
      ok: true,
      value: {
        status: 'cancelled',
        dispatchNumber: 'DIS37450',
        ticketId: '4694961',
        sitePhone: '',
        techPhone: undefined,
      },
    });
    // Any status but a cancel still needs every field.
    expect(litSnapshot({ ...litCancel, Dispatch_Status: 'Request Confirmed' })).toMatchObject({ ok: false });
    // A cancel still needs its ticket and appointment.
    expect(litSnapshot({ ...litCancel, Date_of_Dispatch: null })).toMatchObject({ ok: false });
    expect(litSnapshot({ ...litCancel, MetTel_Bruin_TicketID: null })).toMatchObject({ ok: false });
    // A readable phone on a cancel is kept.
    expect(litSnapshot({ ...litOk, Dispatch_Status: 'Cancelled' })).toMatchObject({
      value: { sitePhone: '+12125550123' },
    });

    const ctsCancel = { ...ctsOk, Status__c: 'Canceled', Description__c: 'no contact here' };
    expect(ctsSnapshot(ctsCancel, 'UTC')).toMatchObject({
      ok: true,
      value: { status: 'cancelled', dispatchNumber: 'S-147735', reference: '', sitePhone: '' },
    });
    expect(ctsSnapshot({ ...ctsCancel, Status__c: 'Scheduled' }, 'UTC')).toEqual({
      ok: false,
      reason: 'S-147735: Description__c has no "IGZ Dispatch Number:"',
    });
    expect(ctsSnapshot({ ...ctsCancel, Local_Site_Time__c: null }, 'UTC')).toMatchObject({ ok: false });
  });
});

describe('snapshot fingerprint: what the monitor compares with the snapshot a timeline last applied', () => {
  const base: DispatchSnapshot = {
    vendor: 'lit',
    dispatchNumber: 'DIS1',
    ticketId: '4694961',
    reference: 'DIS1',
    status: 'confirmed',
    vendorStatus: 'Request Confirmed',
    appointment: '2026-12-01T15:00:00.000Z',
    timeZone: 'America/New_York',
    techName: 'Joe',
    sitePhone: '+12125550123',
  };

  it('is stable for the same snapshot (any key order) and differs when any field changes', () => {
    const reordered = Object.fromEntries(Object.entries(base).reverse()) as unknown as DispatchSnapshot;
    expect(snapshotFingerprint(reordered)).toBe(snapshotFingerprint(base));
    expect(snapshotFingerprint(base)).toMatch(/^[0-9a-f]{8}$/);
    const changes: Array<Partial<DispatchSnapshot>> = [
      { status: 'tech-on-site' },
      { appointment: '2026-12-01T16:00:00.000Z' },
      { techName: 'Ann' },
      { techPhone: '+13055550100' },
      { sitePhone: '+12125550124' },
      { vendorStatus: 'Tech Arrived' },
    ];
    const prints = new Set(changes.map((c) => snapshotFingerprint({ ...base, ...c })));
    expect(prints.size).toBe(changes.length);
    expect(prints.has(snapshotFingerprint(base))).toBe(false);
  });
});
