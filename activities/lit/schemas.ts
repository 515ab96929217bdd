import { z } from 'zod';

// LIT leaves fields it has not filled yet empty or null; the monitor's rules decide what is missing.
const text = z.union([z.string(), z.number()]).transform(String).nullable().optional();

/** A LIT dispatch, the fields the engine reads (seed 004's names). */
export const litDispatch = z.object({
  Dispatch_Number: z.string().min(1),
  MetTel_Bruin_TicketID: text,
  Dispatch_Status: text,
  Date_of_Dispatch: text,
  Hard_Time_of_Dispatch_Local: text,
  Hard_Time_of_Dispatch_Time_Zone_Local: text,
  Tech_First_Name: text,
  Tech_Mobile_Number: text,
  Job_Site_Contact_Name_and_Phone_Number: text,
  /** The portal writes its reference (`IGZ Dispatch Number: ...`) on the first line. */
  Scope_of_Work: text,
});
export type LitDispatch = z.infer<typeof litDispatch>;

export const litListResponse = z.object({ Status: z.literal('Success'), DispatchList: z.array(litDispatch) });
export const litDispatchResponse = z.object({ Status: z.literal('Success'), Dispatch: litDispatch });
export const litCreateResponse = z.object({
  Status: z.literal('Success'),
  Dispatch: z.object({ Dispatch_Number: z.string().min(1) }),
});
