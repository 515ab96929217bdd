/**
 * Failed sign-ins per user name and per client address: past the limit inside `windowMs`, that user (or
 * address) waits until its oldest failure leaves the window. An address gets more room than a user (an
 * office signs in from one address); a success clears the user's failures.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits = { perUser: 5, perAddress: 20 },
    private readonly windowMs = 15 * 60_000,
  ) {}

  /** Seconds to wait before another attempt, or 0 when one may be made now. */
  retryAfter(attempt: { user: string; ip: string }, now: number): number {
    let wait = 0;
    for (const [key, limit] of this.keys(attempt)) {
      const recent = this.recent(key, now);
      if (recent.length >= limit) wait = Math.max(wait, Math.ceil((recent[0] + this.windowMs - now) / 1000));
    }
    return wait;
  }

  failed(attempt: { user: string; ip: string }, now: number): void {
    for (const [key] of this.keys(attempt)) this.failures.set(key, [...this.recent(key, now), now]);
  }

  succeeded(attempt: { user: string }): void {
    this.failures.delete(`user:${attempt.user.toLowerCase()}`);
  }

  private keys({ user, ip }: { user: string; ip: string }): Array<[string, number]> {
    return [
      [`user:${user.toLowerCase()}`, this.limits.perUser],
      [`ip:${ip}`, this.limits.perAddress],
    ];
  }

  private recent(key: string, now: number): number[] {
    const recent = (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length === 0) this.failures.delete(key);
    return recent;
  }
}
