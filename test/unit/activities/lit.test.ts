import { createLitActivities, type LitActivities } from '../../../activities/lit/activities';
import { createLitHttp } from '../../../activities/lit/client';
import { failureOf, testConfig } from '../../helpers/env';
import { useTestSandbox } from '../../helpers/sandbox';

describe('LIT activities against the sandbox', () => {
  const sb = useTestSandbox();
  let lit: LitActivities;
  beforeAll(() => {
    lit = createLitActivities(createLitHttp(testConfig(sb.env).vendors.lit));
  });

  it("lists, creates, reads and updates dispatches with the seed's field names", async () => {
    const { dispatches: listed } = await lit.listLitDispatchesPage({ offset: 0, limit: 1000 });
    expect(listed).toEqual([
      expect.objectContaining({
        Dispatch_Number: 'DIS37450',
        MetTel_Bruin_TicketID: '4694961',
        Dispatch_Status: 'Request Confirmed',
        Hard_Time_of_Dispatch_Time_Zone_Local: 'Eastern Time',
      }),
    ]);
    const { dispatchNumber } = await lit.createLitDispatch({
      MetTel_Bruin_TicketID: '5100001',
      Date_of_Dispatch: '2026-12-03',
      Hard_Time_of_Dispatch_Local: '9:00AM',
      Hard_Time_of_Dispatch_Time_Zone_Local: 'Central Time',
      Job_Site_Contact_Name_and_Phone_Number: 'Ann Lee (312) 555-0175',
    });
    expect(dispatchNumber).toMatch(/^DIS\d+$/);
    expect(await lit.getLitDispatch({ dispatchNumber })).toMatchObject({
      Dispatch_Status: 'New Dispatch',
      Tech_First_Name: null,
    });
    const updated = await lit.updateLitDispatch({ dispatchNumber, fields: { Hard_Time_of_Dispatch_Local: '11:00AM' } });
    expect(updated).toMatchObject({ Dispatch_Number: dispatchNumber, Hard_Time_of_Dispatch_Local: '11:00AM' });
  });

  it('an unknown dispatch is a non-retryable rejection; a missing field is refused with its name; a broken list names the field', async () => {
    expect(await failureOf(lit.getLitDispatch({ dispatchNumber: 'DIS1' }))).toMatchObject({
      type: 'VendorRejectedError',
      nonRetryable: true,
      message: expect.stringContaining('404'),
    });
    expect(await failureOf(lit.getLitDispatch({ dispatchNumber: '../x' }))).toMatchObject({
      type: 'InvalidInputError',
    });
    const refused = await failureOf(lit.createLitDispatch({ MetTel_Bruin_TicketID: '1' } as never));
    expect(refused.message).toContain('missing fields: Date_of_Dispatch');
    await sb.call('PATCH', '/_sandbox/lit/dispatches/DIS37450', { Dispatch_Number: 42 });
    expect(await failureOf(lit.listLitDispatchesPage({ offset: 0, limit: 1000 }))).toMatchObject({
      type: 'VendorContractError',
      nonRetryable: true,
      message: expect.stringContaining('field "DispatchList.0.Dispatch_Number"'),
    });
  });

  it('pages by offset (LIT has no paging of its own), refusing a bad offset', async () => {
    for (let i = 0; i < 2; i++) {
      await lit.createLitDispatch({
        MetTel_Bruin_TicketID: String(5_100_000 + i),
        Date_of_Dispatch: '2026-12-03',
        Hard_Time_of_Dispatch_Local: '9:00AM',
        Hard_Time_of_Dispatch_Time_Zone_Local: 'Central Time',
        Job_Site_Contact_Name_and_Phone_Number: 'Ann Lee (312) 555-0175',
      });
    }
    const litPages = [
      await lit.listLitDispatchesPage({ offset: 0, limit: 2 }),
      await lit.listLitDispatchesPage({ offset: 2, limit: 2 }),
    ];
    expect(litPages.map((p) => [p.dispatches.length, p.nextOffset])).toEqual([
      [2, 2],
      [1, null],
    ]);
    expect(new Set(litPages.flatMap((p) => p.dispatches.map((d) => d.Dispatch_Number))).size).toBe(3);
    expect(await failureOf(lit.listLitDispatchesPage({ offset: -1, limit: 2 }))).toMatchObject({
      type: 'InvalidInputError',
      message: expect.stringContaining('"offset"'),
    });
  });
});
