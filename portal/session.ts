import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PortalRole } from './accounts';

/** A signed-in user: who, with which role, and the token every change must echo (CSRF). */
export interface PortalSession {
  user: string;
  role: PortalRole;
  csrf: string;
  /** Expiry, ms since the epoch. */
  exp: number;
}

export const SESSION_COOKIE = 'portal_session';
export const SESSION_HOURS = 12;

const sign = (secret: string, payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

/**
 * Stateless sessions: the cookie holds the session and its HMAC, so any portal replica (or a restarted one)
 * accepts it, and nothing in it can be changed without the secret. It carries no PII.
 */
export function newSession(user: string, role: PortalRole, now: number): PortalSession {
  return { user, role, csrf: randomBytes(18).toString('base64url'), exp: now + SESSION_HOURS * 3_600_000 };
}

export function encodeSession(session: PortalSession, secret: string): string {
  const payload = Buffer.from(JSON.stringify(session)).toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
}

/** The session in a cookie, or undefined when it is missing, forged, malformed or expired. */
export function decodeSession(cookie: string | undefined, secret: string, now: number): PortalSession | undefined {
  const [payload, mac, ...rest] = (cookie ?? '').split('.');
  if (!payload || !mac || rest.length > 0) return undefined;
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const s = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as PortalSession;
    return typeof s.exp === 'number' && s.exp > now && typeof s.user === 'string' && typeof s.csrf === 'string'
      ? s
      : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a change request echoes the session's CSRF token (header or form field). */
export function csrfMatches(session: PortalSession, token: unknown): boolean {
  if (typeof token !== 'string') return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** One cookie's value from a Cookie header (the portal reads only its own). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The Set-Cookie header for the session: HttpOnly, SameSite=Strict, Secure over https; empty value clears it. */
export function sessionCookieHeader(value: string | undefined, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${value ?? ''}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${value ? SESSION_HOURS * 3600 : 0}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}
