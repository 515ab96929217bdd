/** One vendor HTTP call as metrics see it: which vendor and endpoint (a template, never an ID), how it ended, how long. */
export interface VendorCall {
  vendor: string;
  endpoint: string;
  /** `2xx`, `4xx`, `5xx` (by the HTTP status), or `network` (no answer: timeout, refused, reset). */
  outcome: '2xx' | '3xx' | '4xx' | '5xx' | 'network';
  seconds: number;
}

let observer: ((call: VendorCall) => void) | undefined;

/**
 * Where this process's vendor calls are reported (its app metrics). Process-wide, like the SDK
 * runtime: every vendor client a worker process builds reports to the one registry it serves.
 */
export function observeVendorCalls(observe: ((call: VendorCall) => void) | undefined): void {
  observer = observe;
}

export function reportVendorCall(call: VendorCall): void {
  observer?.(call);
}

export const statusClass = (status: number): VendorCall['outcome'] =>
  status >= 500 ? '5xx' : status >= 400 ? '4xx' : status >= 300 ? '3xx' : '2xx';
