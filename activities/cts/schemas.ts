import { z } from 'zod';

const text = z.string().nullable().optional();

/** A CTS dispatch: a Salesforce Service__c record, the fields the engine reads (seed 004's names). */
export const ctsDispatch = z.object({
  Id: z.string().min(1),
  Name: z.string().min(1),
  Ext_Ref_Num__c: z.union([z.string(), z.number()]).transform(String).nullable().optional(),
  Status__c: text,
  Local_Site_Time__c: text,
  Description__c: text,
  API_Resource_Name__c: text,
  Resource_Phone_Number__c: text,
});
export type CtsDispatch = z.infer<typeof ctsDispatch>;

export const ctsQueryResponse = z.object({
  totalSize: z.number().int(),
  done: z.boolean(),
  records: z.array(ctsDispatch),
  nextRecordsUrl: z.string().startsWith('/').optional(),
});
export const ctsCreateResponse = z.object({ id: z.string().min(1), success: z.literal(true) });
