import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A browser session on the codec server, for the Temporal Web UI. The UI cannot send a bearer token
 * of ours (only its own login's), but with "Include cross-origin credentials" on it sends cookies: an
 * operator who holds `CODEC_SERVER_TOKEN` signs in once at `/login` and gets this cookie. Its value is
 * an expiry and an HMAC of it keyed by the token, so it reveals nothing of the token, lapses on its
 * own, and every session ends when the token is rotated.
 */
export const SESSION_COOKIE = 'codec_session';
export const SESSION_TTL_MS = 12 * 3_600_000;

const mac = (token: string, expiresAt: number) =>
  createHmac('sha256', token).update(`codec-ui-session:${expiresAt}`).digest('base64url');

/** The `Set-Cookie` header for a new session. SameSite=Strict: no other site's page can use it. */
export function sessionSetCookie(token: string, now: number, secure: boolean): string {
  const expiresAt = now + SESSION_TTL_MS;
  return [
    `${SESSION_COOKIE}=${expiresAt}.${mac(token, expiresAt)}`,
    'HttpOnly',
    'SameSite=Strict',
    'Path=/',
    `Max-Age=${SESSION_TTL_MS / 1000}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** The `Set-Cookie` header that ends the session. */
export const sessionClearCookie = `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;

/** Whether a request's Cookie header carries an unexpired session made with this token. */
export function hasValidSession(cookieHeader: string | undefined, token: string, now: number): boolean {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, value = ''] = part.trim().split(/=(.*)/s);
    if (name !== SESSION_COOKIE) continue;
    const [expiry, given = ''] = value.split('.');
    const expiresAt = Number(expiry);
    if (!Number.isSafeInteger(expiresAt) || expiresAt <= now) continue;
    const expected = Buffer.from(mac(token, expiresAt));
    const actual = Buffer.from(given);
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) return true;
  }
  return false;
}
