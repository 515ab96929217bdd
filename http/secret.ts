import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether `given` is the secret, in time that depends on neither: both are hashed first, so even
 * their lengths stay hidden from a caller timing the answer.
 */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Whether an `Authorization` header carries `Bearer <token>`. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  return match !== null && sameSecret(match[1], token);
}
