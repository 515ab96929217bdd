import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox';

describe('vendor sandbox control API', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox();
  });
  afterAll(async () => {
    await sb.close();
  });
  beforeEach(async () => {
    await sb.call('POST', '/_sandbox/reset', { scenario: 'demo' });
  });

  it('shows the demo scenario: customers, edges and dispatches', async () => {
    const { status, json } = await sb.call('GET', '/_sandbox/state');
    expect(status).toBe(200);
    const vendors = json.vendors as Record<string, Record<string, Record<string, unknown>>>;
    expect(Object.keys(vendors.bruin.clients)).toEqual(['7311', '9994']);
    expect(Object.keys(vendors.velocloud.edges)).toHaveLength(5);
    // Two edges silent for months, of an enterprise no Bruin client owns: the last-contact report lists them.
    expect(
      Object.values(vendors.velocloud.edges).filter((e) => (e as { edgeState?: string }).edgeState === 'OFFLINE'),
    ).toHaveLength(2);
    expect(vendors.lumin.customers['acme-logistics']).toMatchObject({ itemsPerPeriod: 240 });
    expect(vendors.lit.dispatches.DIS37450).toMatchObject({ Dispatch_Status: 'Request Confirmed' });
    expect(json.outbox).toEqual({ emails: [], slack: [], sms: [] });
  });

  it('resets to a named scenario and rejects an unknown one with the known names', async () => {
    expect((await sb.call('POST', '/_sandbox/reset', { scenario: 'empty' })).json).toEqual({ scenario: 'empty' });
    const state = (await sb.call('GET', '/_sandbox/state')).json as { vendors: { velocloud: { edges: object } } };
    expect(state.vendors.velocloud.edges).toEqual({});
    const bad = await sb.call('POST', '/_sandbox/reset', { scenario: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/unknown scenario "nope"; known: empty, demo/);
  });

  it('the simulators answer from indexes that follow every write: an edge moved, an edge added, a client re-serialed, a ticket created', async () => {
    const edgesOf = async (enterpriseId: number) =>
      (
        (
          await sb.call('POST', '/velocloud/mettel.velocloud.net/portal/rest/enterprise/getEnterpriseEdges', {
            enterpriseId,
          })
        ).json as unknown as Array<{ id: number }>
      ).map((e) => e.id);
    const before = await edgesOf(1);
    expect(before).toContain(101);
    await sb.call('PATCH', '/_sandbox/velocloud/edges/mettel.velocloud.net%2F1%2F101', { enterpriseId: 2 });
    expect(await edgesOf(1)).not.toContain(101);
    expect(await edgesOf(2)).toContain(101);
    await sb.call('POST', '/_sandbox/velocloud/edges', {
      id: 'mettel.velocloud.net/1/199',
      host: 'mettel.velocloud.net',
      enterpriseId: 1,
      edgeId: 199,
      name: 'new-edge',
      serialNumber: 'VC05200099199',
      edgeState: 'CONNECTED',
      links: [],
    });
    expect(await edgesOf(1)).toContain(199);

    const inventory = async (serial: string) =>
      (
        (await sb.call('GET', `/bruin/api/Inventory?serviceNumber=${serial}`)).json.documents as Array<{
          clientID: number;
        }>
      ).map((d) => d.clientID);
    expect(await inventory('VC05200099199')).toEqual([]);
    await sb.call('PATCH', '/_sandbox/bruin/clients/9994', {
      serviceNumbers: ['VC05200028729', 'VC05200039471', 'B827EB92EB72', 'VC05200099199'],
    });
    expect(await inventory('VC05200099199')).toEqual([9994]);

    const ticketsOf = async () =>
      ((await sb.call('GET', '/bruin/api/Ticket?serviceNumber=VC05200099199')).json.responses as unknown[]).length;
    expect(await ticketsOf()).toBe(0);
    await sb.call('POST', '/bruin/api/Ticket/repair', {
      ClientID: 9994,
      Services: [{ ServiceNumber: 'VC05200099199' }],
    });
    expect(await ticketsOf()).toBe(1);
  });

  it('changes an entity (an edge going down) and adds one', async () => {
    const patched = await sb.call('PATCH', '/_sandbox/velocloud/edges/mettel.velocloud.net%2F1%2F101', {
      edgeState: 'OFFLINE',
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ edgeState: 'OFFLINE', edgeId: 101 });
    const added = await sb.call('POST', '/_sandbox/lit/dispatches', { id: 'DIS99999', Dispatch_Status: 'New Request' });
    expect(added.status).toBe(201);
    expect((await sb.call('POST', '/_sandbox/lit/dispatches', { id: 'DIS99999' })).status).toBe(409);
  });

  it('answers bad requests with a 4xx and the reason', async () => {
    const cases: Array<[string, string, unknown, number, RegExp]> = [
      ['PATCH', '/_sandbox/acme/edges/1', {}, 404, /unknown vendor "acme"/],
      [
        'PATCH',
        '/_sandbox/velocloud/routers/1',
        {},
        404,
        /velocloud has no collection "routers"; it has: enterprises, edges/,
      ],
      ['PATCH', '/_sandbox/velocloud/edges/missing', {}, 404, /has no entity "missing"/],
      ['POST', '/_sandbox/lit/dispatches', { Dispatch_Status: 'x' }, 400, /id: required/],
      ['POST', '/_sandbox/faults', { vendor: 'twilio', errorRate: 2 }, 400, /errorRate/],
      ['POST', '/_sandbox/faults', { vendor: 'nobody' }, 400, /vendor: must be one of/],
      ['GET', '/_sandbox/nothing', undefined, 404, /no control route/],
      ['GET', '/nowhere', undefined, 404, /no simulator at \/nowhere/],
    ];
    for (const [method, path, body, status, reason] of cases) {
      const res = await sb.call(method, path, body);
      expect({ path, status: res.status }).toEqual({ path, status });
      expect(String(res.json.error)).toMatch(reason);
    }
    const raw = await fetch(`${sb.base}/_sandbox/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { error: string }).error).toBe('body is not valid JSON');
    const huge = await fetch(`${sb.base}/_sandbox/velocloud/edges`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'x', pad: 'y'.repeat(1100 * 1024) }),
    });
    expect(huge.status).toBe(413);
    // Answered before its body was read: the socket must not be reused for the next request.
    expect(huge.headers.get('connection')).toBe('close');
    expect((await sb.call('GET', '/_sandbox/state')).status).toBe(200);
  });

  it('keys entities in maps that cannot touch prototypes; malformed URL encoding is a 400 (issue 11, item 5)', async () => {
    expect((await sb.call('POST', '/_sandbox/bruin/__proto__', { id: 'x', polluted: true })).status).toBe(404);
    expect((await sb.call('PATCH', '/_sandbox/bruin/constructor/x', { polluted: true })).status).toBe(404);
    expect((await sb.call('POST', '/_sandbox/bruin/tickets', { id: '__proto__', polluted: true })).status).toBe(201);
    expect((await sb.call('PATCH', '/_sandbox/bruin/tickets/__proto__', { polluted: 'still' })).status).toBe(200);
    expect((await sb.call('GET', '/lit/api/dispatches/__proto__')).status).toBe(404);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The sandbox still answers: nothing crashed.
    expect((await sb.call('GET', '/_sandbox/state')).status).toBe(200);
    const malformed = await fetch(`${sb.base}/lit/api/dispatches/%E0%A4%A`);
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toMatch(/not valid percent-encoding/);
  });

  it('injects faults per vendor: 429 with Retry-After, latency, and clears them', async () => {
    await sb.call('POST', '/_sandbox/faults', { vendor: 'slack', errorRate: 1, statusCode: 429, retryAfterSeconds: 7 });
    const limited = await fetch(`${sb.base}/slack/api/chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-1', 'content-type': 'application/json' },
      body: JSON.stringify({ channel: '#x', text: 'hi' }),
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    await sb.call('POST', '/_sandbox/faults', { vendor: 'twilio', latencyMs: 300 });
    expect(Object.keys((await sb.call('GET', '/_sandbox/faults')).json)).toEqual(['slack', 'twilio']);
    const started = Date.now();
    await fetch(`${sb.base}/twilio/2010-04-01/Accounts/AC1/Messages.json`, { method: 'POST' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await sb.call('DELETE', '/_sandbox/faults?vendor=slack');
    expect(Object.keys((await sb.call('GET', '/_sandbox/faults')).json)).toEqual(['twilio']);
    await sb.call('DELETE', '/_sandbox/faults');
    expect((await sb.call('GET', '/_sandbox/faults')).json).toEqual({});
  });

  it('fails the same share of requests for the same scenario and fault (seeded)', async () => {
    const run = async () => {
      await sb.call('POST', '/_sandbox/reset', { scenario: 'demo' });
      await sb.call('POST', '/_sandbox/faults', { vendor: 'slack', errorRate: 0.5, statusCode: 503 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await fetch(`${sb.base}/slack/api/chat.postMessage`, {
          method: 'POST',
          headers: { authorization: 'Bearer xoxb-1', 'content-type': 'application/json' },
          body: JSON.stringify({ channel: '#x', text: `m${i}` }),
        });
        statuses.push(res.status);
      }
      return statuses;
    };
    const first = await run();
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });
});
