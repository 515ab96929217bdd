import { MockActivityEnvironment } from '@temporalio/testing';
import { createCtsActivities, type CtsActivities } from '../../../activities/cts/activities';
import type { CtsDispatch } from '../../../activities/cts/schemas';
import { createCtsHttp } from '../../../activities/cts/client';
import { failureOf, testConfig } from '../../helpers/env';
import { useTestSandbox } from '../../helpers/sandbox';

describe('CTS activities against the sandbox (Salesforce-shaped)', () => {
  const sb = useTestSandbox('demo', (s) => {
    s.sandbox.ctsQueryPageSize = 200;
  });
  let cts: CtsActivities;
  beforeAll(() => {
    cts = createCtsActivities(createCtsHttp(testConfig(sb.env).vendors.cts));
  });

  it('pages one Salesforce page per call, its nextRecordsUrl as the cursor; refuses any other cursor', async () => {
    for (let i = 0; i < 2; i++) {
      await cts.createCtsDispatch({
        Ext_Ref_Num__c: String(5_200_000 + i),
        Local_Site_Time__c: '2026-12-04T15:00:00.000Z',
        Description__c: 'IGZ Dispatch Number: IGZ-9',
      });
    }
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

  it('pages a SOQL query through nextRecordsUrl, creates, reads and updates Service__c records', async () => {
    for (let i = 0; i < 4; i++) {
      await cts.createCtsDispatch({
        Ext_Ref_Num__c: String(5_200_000 + i),
        Local_Site_Time__c: '2026-12-04T15:00:00.000Z',
        Description__c: `IGZ Dispatch Number: IGZ-10${i}\nOnsite Contact: Al +13055550100`,
      });
    }
    sb.sandbox.ctsQueryPageSize = 2;
    // Every page, as the monitor reads them: the first from the SOQL query, the next from its nextRecordsUrl.
    const all: CtsDispatch[] = [];
    let cursor: string | null = null;
    do {
      const page = (await new MockActivityEnvironment().run(cts.listCtsDispatchesPage, { cursor })) as Awaited<
        ReturnType<CtsActivities['listCtsDispatchesPage']>
      >;
      all.push(...page.dispatches);
      cursor = page.nextCursor;
    } while (cursor);
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

  it('refuses a bad record ID before calling, and names the missing fields Salesforce reports', async () => {
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
