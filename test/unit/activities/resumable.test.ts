import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { resumableEach } from '../../../activities/resumable';
import { failureOf } from '../../helpers/env';

describe('resumableEach: many vendor calls in one activity, resumed from heartbeated answers', () => {
  const flaky = (failing: Set<number>, calls: number[]) => async (n: number) => {
    calls.push(n);
    if (failing.has(n))
      throw ApplicationFailure.create({
        type: 'VendorUnavailableError',
        message: `enterprise ${n}: 503`,
        nextRetryDelay: '2s',
      });
    return n * 10;
  };

  it('tries every item once per attempt, fails naming how many failed, and the retry asks only for those', async () => {
    const calls: number[] = [];
    const first = new MockActivityEnvironment();
    let details: unknown;
    first.on('heartbeat', (d: unknown) => (details = d));
    const failed = await failureOf(
      first.run(() => resumableEach('checkEdges', [1, 2, 3, 4, 5], String, flaky(new Set([2, 4]), calls), 2)),
    );
    expect(failed).toMatchObject({
      type: 'VendorUnavailableError',
      nonRetryable: false,
      nextRetryDelay: '2s',
      message: 'checkEdges: 2 of 5 calls failed (first: enterprise 2: 503); the retry resumes with those',
    });
    expect(calls.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(details).toEqual({ done: { 1: 10, 3: 30, 5: 50 } });

    calls.length = 0;
    const retry = new MockActivityEnvironment({ attempt: 2, heartbeatDetails: details });
    const results = await retry.run(() =>
      resumableEach('checkEdges', [1, 2, 3, 4, 5], String, flaky(new Set(), calls), 2),
    );
    expect(calls.sort()).toEqual([2, 4]);
    expect(results).toEqual([1, 2, 3, 4, 5].map((n) => ({ item: n, result: n * 10 })));
  });

  it('fails at once on a non-retryable failure (a contract break is not retried away)', async () => {
    const calls: number[] = [];
    const broken = async (n: number) => {
      calls.push(n);
      throw ApplicationFailure.create({ type: 'VendorContractError', message: 'bad shape', nonRetryable: true });
    };
    const failed = await failureOf(
      new MockActivityEnvironment().run(() => resumableEach('x', [1, 2, 3], String, broken)),
    );
    expect(failed).toMatchObject({ type: 'VendorContractError', nonRetryable: true });
    expect(calls).toEqual([1]);
  });
});
