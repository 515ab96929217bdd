import { MockActivityEnvironment } from '@temporalio/testing';
import { createCtsActivities, type CtsActivities } from '../../activities/cts/activities';
import { createCtsHttp } from '../../activities/cts/client';
import { createLitActivities, type LitActivities } from '../../activities/lit/activities';
import { createLitHttp } from '../../activities/lit/client';
import { failureOf, testConfig } from '../helpers/env';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox';

describe('LIT and CTS activities against the sandbox', () => {
  let sb: TestSandbox;
  let lit: LitActivities;
  let cts: CtsActivities;
  beforeAll(async () => {
    sb = await startTestSandbox('demo');
    const config = testConfig(sb.env);
    lit = createLitActivities(createLitHttp(config.vendors.lit));
    cts = createCtsActivities(createCtsHttp(config.vendors.cts));
  });
  afterAll(async () => {
    await sb.close();
  });
  beforeEach(async () => {
    await sb.call('POST', '/_sandbox/reset', { scenario: 'demo' });
    sb.sandbox.ctsQueryPageSize = 200;
  });

  it("LIT: lists, creates, reads and updates dispatches with the seed's field names", async () => {
    const listed = await lit.listLitDispatches();
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

  it('LIT: an unknown dispatch is a non-retryable rejection; a missing field is refused with its name; a broken list names the field', async () => {
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
    expect(await failureOf(lit.listLitDispatches())).toMatchObject({
      type: 'VendorContractError',
      nonRetryable: true,
      message: expect.stringContaining('field "DispatchList.0.Dispatch_Number"'),
    });
  });

  it('pages: LIT by offset, CTS one Salesforce page per call with its nextRecordsUrl as the cursor', async () => {
    for (let i = 0; i < 2; i++) {
      await lit.createLitDispatch({
        MetTel_Bruin_TicketID: String(5_100_000 + i),
        Date_of_Dispatch: '2026-12-03',
        Hard_Time_of_Dispatch_Local: '9:00AM',
        Hard_Time_of_Dispatch_Time_Zone_Local: 'Central Time',
        Job_Site_Contact_Name_and_Phone_Number: 'Ann Lee (312) 555-0175',
      });
      await cts.createCtsDispatch({
        Ext_Ref_Num__c: String(5_200_000 + i),
        Local_Site_Time__c: '2026-12-04T15:00:00.000Z',
        Description__c: 'IGZ Dispatch Number: IGZ-9',
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

    sb.sandbox.ctsQueryPageSize = 2;
    const first = await cts.listCtsDispatchesPage({ cursor: null });
    expect(first.dispatches).toHaveLength(2);
    expect(first.nextCursor).toMatch(/^\/services\/data\/v52\.0\/query\/[A-Za-z0-9-]+$/);
    const second = await cts.listCtsDispatchesPage({ cursor: first.nextCursor });
    expect([second.dispatches.length, second.nextCursor]).toEqual([1, null]);
    // The cursor must be Salesforce's own next-page path: no request to a URL a caller chose.
    expect(await failureOf(cts.listCtsDispatchesPage({ cursor: 'http://evil.example/x' }))).toMatchObject({
      type: 'InvalidInputError',
      nonRetryable: true,
    });
  });

  it('CTS: pages a SOQL query through nextRecordsUrl, creates, reads and updates Service__c records', async () => {
    for (let i = 0; i < 4; i++) {
      await cts.createCtsDispatch({
        Ext_Ref_Num__c: String(5_200_000 + i),
        Local_Site_Time__c: '2026-12-04T15:00:00.000Z',
        Description__c: `IGZ Dispatch Number: IGZ-10${i}\nOnsite Contact: Al +13055550100`,
      });
    }
    sb.sandbox.ctsQueryPageSize = 2;
    const all = (await new MockActivityEnvironment().run(cts.listCtsDispatches)) as Awaited<
      ReturnType<CtsActivities['listCtsDispatches']>
    >;
    expect(all).toHaveLength(5);
    expect(all.find((d) => d.Name === 'S-147735')).toMatchObject({
      Id: 'a1B000000000147735',
      Status__c: 'Scheduled',
      Ext_Ref_Num__c: '4694962',
    });
    const created = all.find((d) => d.Ext_Ref_Num__c === '5200000')!;
    expect(created).toMatchObject({ Status__c: 'Open', API_Resource_Name__c: null });
    await cts.updateCtsDispatch({ id: created.Id, fields: { Local_Site_Time__c: '2026-12-05T15:00:00.000Z' } });
    expect(await cts.getCtsDispatch({ id: created.Id })).toMatchObject({
      Local_Site_Time__c: '2026-12-05T15:00:00.000Z',
    });
  });

  it('CTS: refuses a bad record ID before calling, and names the missing fields Salesforce reports', async () => {
    expect(await failureOf(cts.getCtsDispatch({ id: 'x' }))).toMatchObject({ type: 'InvalidInputError' });
    expect(await failureOf(cts.getCtsDispatch({ id: 'a1B000000000999999' }))).toMatchObject({
      type: 'VendorRejectedError',
      message: expect.stringContaining('NOT_FOUND'),
    });
    expect((await failureOf(cts.createCtsDispatch({ Ext_Ref_Num__c: '1' } as never))).message).toContain(
      'Required fields are missing: [Local_Site_Time__c, Description__c]',
    );
  });
});
