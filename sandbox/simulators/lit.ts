import type { Reply } from '../http';
import type { Sandbox } from '../sandbox';
import type { Entity } from '../state';

/** Fields a LIT dispatch request must carry (the dispatch portal sends them). */
const REQUIRED = [
  'MetTel_Bruin_TicketID',
  'Date_of_Dispatch',
  'Hard_Time_of_Dispatch_Local',
  'Hard_Time_of_Dispatch_Time_Zone_Local',
  'Job_Site_Contact_Name_and_Phone_Number',
];

const toLit = ({ id: _id, ...fields }: Entity) => fields;
const litError = (status: number, message: string): Reply => ({ status, json: { Status: 'Error', Message: message } });

/** LIT's dispatch API: `/lit/api/dispatches[/<Dispatch_Number>]` (list, get, create, update). */
export function litRoute(
  sandbox: Sandbox,
  method: string,
  parts: string[],
  body: Record<string, unknown>,
): Reply | undefined {
  const [api, resource, number] = parts;
  if (api !== 'api' || resource !== 'dispatches' || parts.length > 3) return undefined;
  const dispatches = sandbox.collection('lit', 'dispatches');
  if (number === undefined) {
    if (method === 'GET')
      return {
        status: 200,
        json: { Status: 'Success', Message: null, DispatchList: Object.values(dispatches).map(toLit) },
      };
    if (method === 'POST') {
      const missing = REQUIRED.filter((f) => typeof body[f] !== 'string' || !(body[f] as string).trim());
      if (missing.length > 0) return litError(400, `missing fields: ${missing.join(', ')}`);
      const id = `DIS${37_000 + sandbox.nextId()}`;
      dispatches[id] = {
        ...body,
        id,
        Dispatch_Number: id,
        Dispatch_Status: 'New Dispatch',
        Tech_First_Name: null,
        Tech_Mobile_Number: null,
      };
      return { status: 201, json: { Status: 'Success', Dispatch: { Dispatch_Number: id } } };
    }
    return undefined;
  }
  const dispatch = dispatches[number];
  if (!dispatch) return litError(404, `dispatch ${number} not found`);
  if (method === 'GET') return { status: 200, json: { Status: 'Success', Dispatch: toLit(dispatch) } };
  if (method === 'PATCH') {
    if ('Dispatch_Number' in body && body.Dispatch_Number !== number)
      return litError(400, 'Dispatch_Number cannot change');
    dispatches[number] = { ...dispatch, ...body, id: number };
    return { status: 200, json: { Status: 'Success', Dispatch: toLit(dispatches[number]) } };
  }
  return undefined;
}
