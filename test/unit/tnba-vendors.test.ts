import { createT7Activities, type T7Activities } from '../../activities/t7/activities';
import { createT7Http } from '../../activities/t7/client';
import type { BruinActivities } from '../../activities/bruin/activities';
import { failureOf, testConfig } from '../helpers/env';
import { sandboxVendorActivities, startTestSandbox, type TestSandbox } from '../helpers/sandbox';

describe('TNBA vendor calls against the sandbox: Bruin task history, next results, closed tickets; T7', () => {
  let sb: TestSandbox;
  let bruin: BruinActivities;
  let t7: T7Activities;
  beforeAll(async () => {
    sb = await startTestSandbox('demo');
    ({ bruin } = sandboxVendorActivities(sb));
    t7 = createT7Activities(createT7Http(testConfig(sb.env).vendors.t7));
  });
  afterAll(async () => {
    await sb.close();
  });
  beforeEach(async () => {
    await sb.call('POST', '/_sandbox/reset', { scenario: 'demo' });
  });

  const ticket = (id: string, extra: Record<string, unknown>) =>
    sb.call('POST', '/_sandbox/bruin/tickets', {
      id,
      clientID: 9994,
      serviceNumber: 'VC05200028729',
      category: 'VOO',
      ticketStatus: 'InProgress',
      createDate: '2026-11-20T10:00:00Z',
      ...extra,
    });

  it("reads a ticket's task history oldest first and the next results Bruin offers", async () => {
    await ticket('300', {
      taskHistory: [
        { TaskName: 'Holmdel NOC Investigate', TaskResult: null, CreatedDate: '2026-11-21T10:00:00Z' },
        {
          TaskName: 'Ticket Created',
          TaskResult: 'Done',
          CreatedDate: '2026-11-20T10:00:00Z',
          ClosedDate: '2026-11-20T10:01:00Z',
        },
      ],
      currentTaskName: 'Holmdel NOC Investigate',
      nextResults: [
        { resultTypeId: 1, resultName: 'Wait for Customer' },
        { resultTypeId: 2, resultName: 'Request Site Access' },
      ],
    });
    expect((await bruin.ticketTaskHistory({ ticketId: '300' })).map((t) => t.taskName)).toEqual([
      'Ticket Created',
      'Holmdel NOC Investigate',
    ]);
    expect(await bruin.nextActions({ ticketId: '300', serviceNumber: 'VC05200028729' })).toEqual({
      currentTask: 'Holmdel NOC Investigate',
      offered: ['Wait for Customer', 'Request Site Access'],
    });
    await sb.call('PATCH', '/_sandbox/bruin/tickets/300', { taskHistory: [{ TaskName: 'x', CreatedDate: 'soon' }] });
    expect(await failureOf(bruin.ticketTaskHistory({ ticketId: '300' }))).toMatchObject({
      type: 'VendorContractError',
      message: expect.stringContaining('field "result.0.CreatedDate"'),
    });
  });

  it("pages a client's tickets closed within a window", async () => {
    await ticket('401', { ticketStatus: 'Closed', closeDate: '2026-11-22T10:00:00Z' });
    await ticket('402', { ticketStatus: 'Closed', closeDate: '2026-11-22T23:59:00Z' });
    await ticket('403', { ticketStatus: 'Closed', closeDate: '2026-11-23T00:00:00Z' }); // the next day: outside
    await ticket('404', { ticketStatus: 'Closed', closeDate: '2026-11-22T12:00:00Z' });
    const first = await bruin.closedOutageTicketsPage({
      clientId: '9994',
      from: '2026-11-22T00:00:00Z',
      to: '2026-11-23T00:00:00Z',
      pageSize: 2,
    });
    expect(first).toMatchObject({ tickets: [{ ticketId: '401' }, { ticketId: '402' }], nextCursor: '402' });
    expect(
      await bruin.closedOutageTicketsPage({
        clientId: '9994',
        from: '2026-11-22T00:00:00Z',
        to: '2026-11-23T00:00:00Z',
        pageSize: 2,
        cursor: first.nextCursor,
      }),
    ).toMatchObject({ tickets: [{ ticketId: '404' }], nextCursor: null });
    expect(
      await failureOf(
        bruin.closedOutageTicketsPage({
          clientId: '9994',
          from: '2026-11-23T00:00:00Z',
          to: '2026-11-22T00:00:00Z',
          pageSize: 2,
        }),
      ),
    ).toMatchObject({ type: 'InvalidInputError' });
  });

  it('T7: predictions for a ticket, feedback deliveries counted, metrics; bad input refused', async () => {
    await sb.call('POST', '/_sandbox/t7/predictions', {
      id: '300',
      predictions: [{ name: 'Wait for Customer', probability: 0.8 }],
    });
    const history = [
      { taskName: 'Holmdel NOC Investigate', taskResult: null, createdDate: '2026-11-21T10:00:00Z', closedDate: null },
    ];
    expect(await t7.predictNextActions({ ticketId: '300', taskHistory: history })).toEqual([
      { name: 'Wait for Customer', probability: 0.8 },
    ]);
    expect(await t7.predictNextActions({ ticketId: '301', taskHistory: history })).toEqual([]);
    expect(
      await t7.sendFeedback({
        tickets: [
          { ticketId: '300', taskHistory: history },
          { ticketId: '301', taskHistory: [] },
        ],
      }),
    ).toBe(2);
    expect(await t7.sendFeedback({ tickets: [] })).toBe(0);
    await t7.postAutomationMetric({ ticketId: '300', automated: true });
    const state = (await sb.call('GET', '/_sandbox/state')).json as {
      vendors: { t7: { feedback: Record<string, { deliveries: number }>; metrics: Record<string, unknown> } };
    };
    expect(state.vendors.t7.feedback['300'].deliveries).toBe(1);
    expect(Object.values(state.vendors.t7.metrics)).toEqual([
      expect.objectContaining({ ticketId: '300', automated: true }),
    ]);
    expect(await failureOf(t7.predictNextActions({ ticketId: 'x', taskHistory: [] }))).toMatchObject({
      type: 'InvalidInputError',
    });
    await sb.call('PATCH', '/_sandbox/t7/predictions/300', { predictions: [{ name: 'x', probability: 3 }] });
    expect(await failureOf(t7.predictNextActions({ ticketId: '300', taskHistory: history }))).toMatchObject({
      type: 'VendorContractError',
      message: expect.stringContaining('predictions.0.probability'),
    });
  });
});
