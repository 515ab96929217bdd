import { InterceptingCall, Metadata, status, type Interceptor } from '@grpc/grpc-js';
import { defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';

/**
 * The client's gRPC interceptors: the SDK's retries, then a guard for a retry that comes due after the connection
 * was closed.
 *
 * Why: the SDK's retry interceptor schedules each retry with `setTimeout`, and `Connection.close()` leaves those
 * timers set. A call still in flight at the close that then fails with a retryable status (the server stopping
 * right after, as `npm start` does on Ctrl-C) retries on a closed channel, whose `createCall` throws "Channel has
 * been shut down" inside the timer: an uncaught exception that ends the process. The guard turns that into the
 * call's own failure (CANCELLED), which its caller sees as a rejected promise.
 */
export function clientInterceptors(): Interceptor[] {
  return [makeGrpcRetryInterceptor(defaultGrpcRetryOptions()), failRetryAfterClose];
}

const failRetryAfterClose: Interceptor = (options, nextCall) => {
  try {
    return new InterceptingCall(nextCall(options));
  } catch (err) {
    if (!(err instanceof Error) || err.message !== 'Channel has been shut down') throw err;
    return new InterceptingCall(closedCall());
  }
};

/** A call that was never made: it ends, on the next turn as a real call would, with CANCELLED. */
function closedCall(): ConstructorParameters<typeof InterceptingCall>[0] {
  return {
    start(_metadata, listener) {
      setImmediate(() =>
        listener?.onReceiveStatus?.({
          code: status.CANCELLED,
          details: 'the connection was closed before this call could be tried again',
          metadata: new Metadata(),
        }),
      );
    },
    cancelWithStatus() {},
    getPeer: () => '',
    sendMessageWithContext() {},
    sendMessage() {},
    startRead() {},
    halfClose() {},
    getAuthContext: () => null,
  };
}
