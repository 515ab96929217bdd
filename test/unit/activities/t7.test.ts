import { createT7Activities, type T7Activities } from '../../../activities/t7/activities';
import { createT7Http } from '../../../activities/t7/client';
import { failureOf, testConfig } from '../../helpers/env';
import { useTestSandbox } from '../../helpers/sandbox';

describe('T7 activities against the sandbox', () => {
  const sb = useTestSandbox();
  let t7: T7Activities;

  beforeAll(() => {
    t7 = createT7Activities(createT7Http(testConfig(sb.env).vendors.t7));
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
