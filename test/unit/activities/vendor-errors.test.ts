import { failureForStatus, retryAfterSeconds } from '../../../activities/vendor-errors';

describe('vendor error classification', () => {
  it.each([
    [400, 'VendorRejectedError', true],
    [404, 'VendorRejectedError', true],
    [408, 'VendorUnavailableError', false],
    [429, 'VendorRateLimitedError', false],
    [500, 'VendorUnavailableError', false],
    [503, 'VendorUnavailableError', false],
  ])('HTTP %i is %s (nonRetryable=%s)', (status, type, nonRetryable) => {
    const failure = failureForStatus('bruin', 'POST /ticket', status, 'detail');
    expect(failure).toMatchObject({ type, nonRetryable });
    expect(failure.message).toBe(`bruin POST /ticket answered ${status}: detail`);
  });

  it('takes the next retry delay from Retry-After in seconds or as an HTTP date', () => {
    expect(failureForStatus('t7', 'x', 429, 'slow down', retryAfterSeconds('12')).nextRetryDelay).toBe('12s');
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(retryAfterSeconds('Mon, 23 Nov 2026 10:00:30 GMT', now)).toBe(30);
    expect(retryAfterSeconds(undefined)).toBeUndefined();
    expect(retryAfterSeconds('soon')).toBeUndefined();
  });
});
