import {
  checkDispatchChange,
  checkDispatchRequest,
  ctsRequestFields,
  ctsSnapshot,
  dispatchRequestedNote,
  formFromCts,
  formFromLit,
  isOurDispatch,
  litRequestFields,
  litSnapshot,
  vendorChangeFields,
  type DispatchRequestForm,
} from '../../../domain/dispatch';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const FORM: DispatchRequestForm = {
  vendor: 'cts',
  ticketId: '4694970',
  date: '2026-12-03',
  time: '10:30',
  timeZone: 'America/New_York',
  contactName: 'Dana Smith',
  contactPhone: '(212) 555-0142',
  description: 'Replace the edge',
};

describe('a portal dispatch request', () => {
  it('passes with the phone as E.164 and the name trimmed', () => {
    expect(checkDispatchRequest({ ...FORM, contactName: '  Dana Smith ' }, NOW)).toEqual({
      ok: true,
      value: { ...FORM, contactPhone: '+12125550142' },
    });
  });

  it('lists every problem by field, never repeating the value', () => {
    const checked = checkDispatchRequest(
      {
        ...FORM,
        vendor: 'acme' as never,
        ticketId: 'T-1',
        date: '2026-02-30',
        contactName: 'R2D2',
        contactPhone: 'call 212 555 0142 ext 4',
        description: 'x'.repeat(1001),
      },
      NOW,
    );
    expect(checked).toEqual({
      ok: false,
      errors: [
        { field: 'vendor', reason: 'must be lit or cts' },
        { field: 'ticketId', reason: 'must be a Bruin ticket ID (digits)' },
        { field: 'date', reason: 'must be a calendar date as YYYY-MM-DD' },
        { field: 'contactName', reason: "must be a name of 1-80 letters, spaces and .'-" },
        { field: 'contactPhone', reason: 'must be a US phone number such as +1 212-555-0100' },
        { field: 'description', reason: 'must be at most 1000 characters' },
      ],
    });
    expect(JSON.stringify(checked)).not.toContain('0142');
    expect(JSON.stringify(checked)).not.toContain('R2D2');
  });

  it('refuses a time, a zone and an appointment in the past', () => {
    const errors = (f: Partial<DispatchRequestForm>) => {
      const r = checkDispatchRequest({ ...FORM, ...f }, NOW);
      return r.ok ? [] : r.errors;
    };
    expect(errors({ time: '25:00' })).toEqual([{ field: 'time', reason: 'must be a 24-hour time as HH:MM' }]);
    expect(errors({ timeZone: 'EST' })).toEqual([
      { field: 'timeZone', reason: 'must be an IANA time zone such as America/New_York' },
    ]);
    // 06:59 in New York is 11:59 UTC, a minute before NOW.
    expect(errors({ date: '2026-11-25', time: '06:59' })).toEqual([
      { field: 'date', reason: 'the appointment must be in the future' },
    ]);
    expect(errors({ date: '2026-11-25', time: '07:01' })).toEqual([]);
  });

  it('a change moves the appointment only with all three fields, the contact only with both', () => {
    expect(checkDispatchChange({ date: '2026-12-04' }, NOW)).toEqual({
      ok: false,
      errors: [{ field: 'date', reason: 'date, time and timeZone change together' }],
    });
    expect(checkDispatchChange({ contactPhone: '+1 305 555 0100' }, NOW)).toMatchObject({
      ok: false,
      errors: [{ field: 'contactName' }],
    });
    expect(checkDispatchChange({ description: ' Bring a ladder ' }, NOW)).toEqual({
      ok: true,
      value: { description: 'Bring a ladder' },
    });
  });
});

describe('vendor fields of a portal dispatch', () => {
  const form = { ...FORM, contactPhone: '+12125550142' };

  it('LIT: its names, a 12-hour clock, the reference leading the scope of work; read back to the same form', () => {
    const lit = litRequestFields({ ...form, vendor: 'lit', time: '14:05' }, 'IGZ-0123456789');
    expect(lit).toEqual({
      MetTel_Bruin_TicketID: '4694970',
      Date_of_Dispatch: '2026-12-03',
      Hard_Time_of_Dispatch_Local: '2:05PM',
      Hard_Time_of_Dispatch_Time_Zone_Local: 'America/New_York',
      Job_Site_Contact_Name_and_Phone_Number: 'Dana Smith +1 212-555-0142',
      Scope_of_Work: 'IGZ Dispatch Number: IGZ-0123456789\nReplace the edge',
    });
    expect(formFromLit(lit)).toEqual({
      ticketId: '4694970',
      date: '2026-12-03',
      time: '14:05',
      timeZone: 'America/New_York',
      contactName: 'Dana Smith',
      contactPhone: '+12125550142',
      description: 'Replace the edge',
    });
    expect(
      litRequestFields({ ...form, vendor: 'lit', time: '00:30' }, 'IGZ-0123456789').Hard_Time_of_Dispatch_Local,
    ).toBe('12:30AM');
    expect(
      litRequestFields({ ...form, vendor: 'lit', time: '12:00' }, 'IGZ-0123456789').Hard_Time_of_Dispatch_Local,
    ).toBe('12:00PM');
  });

  it('CTS: the UTC instant, and reference, contact, zone and scope in Description__c, which the monitor reads', () => {
    const cts = ctsRequestFields(form, 'IGZ-0123456789');
    expect(cts.Local_Site_Time__c).toBe('2026-12-03T15:30:00.000Z');
    expect(formFromCts(cts)).toEqual({
      ticketId: '4694970',
      date: '2026-12-03',
      time: '10:30',
      timeZone: 'America/New_York',
      contactName: 'Dana Smith',
      contactPhone: '+12125550142',
      description: 'Replace the edge',
    });
    const snapshot = ctsSnapshot({ Name: 'S-150001', Status__c: 'Open', ...cts }, 'America/New_York');
    expect(snapshot).toMatchObject({
      ok: true,
      value: { reference: 'IGZ-0123456789', sitePhone: '+12125550142', appointment: '2026-12-03T15:30:00.000Z' },
    });
  });

  it('a change rewrites only the vendor fields it touches', () => {
    const current = formFromLit(litRequestFields({ ...form, vendor: 'lit' }, 'IGZ-0123456789'));
    expect(vendorChangeFields('lit', 'IGZ-0123456789', current, { description: 'Bring a ladder' })).toEqual({
      Scope_of_Work: 'IGZ Dispatch Number: IGZ-0123456789\nBring a ladder',
    });
    const cts = formFromCts(ctsRequestFields(form, 'IGZ-0123456789'));
    const moved = vendorChangeFields('cts', 'IGZ-0123456789', cts, {
      date: '2026-12-05',
      time: '08:00',
      timeZone: 'America/Chicago',
    });
    expect(moved).toEqual({
      Local_Site_Time__c: '2026-12-05T14:00:00.000Z',
      Description__c:
        'IGZ Dispatch Number: IGZ-0123456789\nOnsite Contact: Dana Smith +1 212-555-0142\nSite Time Zone: America/Chicago\nScope of Work: Replace the edge',
    });
    expect(vendorChangeFields('cts', 'IGZ-0123456789', cts, { description: 'x' })).not.toHaveProperty(
      'Local_Site_Time__c',
    );
  });

  it('the Dispatch Requested note makes the dispatch ours for the monitor, by LIT number or by CTS reference', () => {
    const note = dispatchRequestedNote({
      vendor: 'lit',
      reference: 'IGZ-0123456789',
      dispatchNumber: 'DIS37001',
      requestedBy: 'dana',
    });
    const notes = [{ noteValue: note }];
    expect(isOurDispatch('DIS37001', notes)).toBe(true);
    expect(isOurDispatch('IGZ-0123456789', notes)).toBe(true);
    expect(isOurDispatch('DIS3700', notes)).toBe(false);
    const lit = litSnapshot({
      Dispatch_Number: 'DIS37001',
      Dispatch_Status: 'New Dispatch',
      ...litRequestFields({ ...form, vendor: 'lit' }, 'IGZ-0123456789'),
    });
    expect(lit).toMatchObject({ ok: true, value: { reference: 'DIS37001', status: 'requested' } });
  });
});
