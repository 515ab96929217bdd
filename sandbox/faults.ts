import type { FaultTarget } from './state';

/**
 * A fault on one vendor: a share of requests fails with `statusCode`, every request waits `latencyMs`
 * before the vendor acts, and `replyDelayMs` after it acted (the window where a caller that dies has
 * had its effect but never heard so).
 */
export interface Fault {
  errorRate: number;
  latencyMs: number;
  replyDelayMs: number;
  statusCode: number;
  /** Sent as Retry-After on 429s. */
  retryAfterSeconds: number;
}

/** What a request should suffer. */
export type FaultDecision = {
  delayMs: number;
  replyDelayMs: number;
  fail?: { statusCode: number; retryAfterSeconds: number };
};

/**
 * Fault injection per vendor. Error draws come from a seeded generator reset with the scenario, so a
 * given scenario and fault sequence fails the same requests every run.
 */
export class FaultInjector {
  private readonly faults = new Map<FaultTarget, Fault>();
  private seed = 1;

  set(vendor: FaultTarget, fault: Fault): void {
    this.faults.set(vendor, fault);
  }

  clear(vendor?: FaultTarget): void {
    if (vendor) this.faults.delete(vendor);
    else this.faults.clear();
  }

  reset(): void {
    this.faults.clear();
    this.seed = 1;
  }

  list(): Record<string, Fault> {
    return Object.fromEntries(this.faults);
  }

  decide(vendor: FaultTarget): FaultDecision {
    const fault = this.faults.get(vendor);
    if (!fault) return { delayMs: 0, replyDelayMs: 0 };
    const fails = fault.errorRate >= 1 || (fault.errorRate > 0 && this.next() < fault.errorRate);
    return {
      delayMs: fault.latencyMs,
      replyDelayMs: fault.replyDelayMs,
      fail: fails ? { statusCode: fault.statusCode, retryAfterSeconds: fault.retryAfterSeconds } : undefined,
    };
  }

  /** mulberry32: small, seeded, good enough for fault draws. */
  private next(): number {
    let t = (this.seed += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
