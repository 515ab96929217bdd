import { ApplicationFailure } from '@temporalio/common';

/** Failure types the engine raises for vendors; retry policies and the UI key on these names. */
export const VendorErrorType = {
  /** The vendor answered with data that breaks our schema: retrying cannot help. */
  Contract: 'VendorContractError',
  /** The vendor refused the request (4xx other than 408/429): retrying cannot help. */
  Rejected: 'VendorRejectedError',
  /** Temporarily unavailable (5xx, 408, network): retried with backoff. */
  Unavailable: 'VendorUnavailableError',
  /** Rate limited (429): retried after the vendor's Retry-After. */
  RateLimited: 'VendorRateLimitedError',
  /** Our own input was invalid (bad phone, bad email): retrying cannot help. */
  InvalidInput: 'InvalidInputError',
} as const;

/** Classifies an HTTP status from `vendor` into a retryable or non-retryable ApplicationFailure. */
export function failureForStatus(
  vendor: string,
  endpoint: string,
  status: number,
  detail: string,
  retryAfterSeconds?: number,
): ApplicationFailure {
  const message = `${vendor} ${endpoint} answered ${status}: ${detail}`;
  if (status === 429) {
    return ApplicationFailure.create({
      type: VendorErrorType.RateLimited,
      message,
      nonRetryable: false,
      nextRetryDelay:
        retryAfterSeconds !== undefined && retryAfterSeconds >= 0 ? `${Math.max(retryAfterSeconds, 1)}s` : undefined,
    });
  }
  if (status === 408 || status >= 500)
    return ApplicationFailure.create({ type: VendorErrorType.Unavailable, message, nonRetryable: false });
  return ApplicationFailure.create({ type: VendorErrorType.Rejected, message, nonRetryable: true });
}

/** A network-level failure (reset, refused, timeout): always retryable. */
export function failureForNetwork(vendor: string, endpoint: string, err: unknown): ApplicationFailure {
  const reason =
    err instanceof Error ? `${(err as NodeJS.ErrnoException).code ?? err.name}: ${err.message}` : String(err);
  return ApplicationFailure.create({
    type: VendorErrorType.Unavailable,
    message: `${vendor} ${endpoint} unreachable (${reason})`,
    nonRetryable: false,
  });
}

/**
 * One item's vendor call inside a batch activity: a non-retryable failure (a broken record, an unknown
 * item) becomes that item's answer via `asReason`, so the batch goes on; a retryable one is rethrown and
 * fails the attempt (which a resumable batch retries from where it was).
 */
export async function orBrokenItem<T, R>(work: () => Promise<T>, asReason: (reason: string) => R): Promise<T | R> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof ApplicationFailure) || !err.nonRetryable) throw err;
    return asReason(`${err.type ?? 'Error'}: ${err.message}`);
  }
}

/** Bad input to an activity, named precisely; never retried. */
export function invalidInput(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: VendorErrorType.InvalidInput, message, nonRetryable: true });
}

/** Parses a Retry-After header (seconds or HTTP date) into seconds. */
export function retryAfterSeconds(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
