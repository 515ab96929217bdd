import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devAccounts, hashPassword, parseAccounts, verifyPassword } from '../../../portal/accounts';
import { LoginThrottle } from '../../../portal/login-throttle';
import {
  csrfMatches,
  decodeSession,
  encodeSession,
  newSession,
  readCookie,
  sessionCookieHeader,
} from '../../../portal/session';

const SECRET = 'a-session-secret-of-32-characters!!';

describe('portal accounts', () => {
  it('hashes with scrypt and a fresh salt; verifies the password and nothing else', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\.16384\.8\.1\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'plain-text')).toBe(false);
  });

  it('reads user:role:hash entries and names every bad one without echoing secrets', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(parseAccounts(`dana:dispatcher:${hash}, victor:viewer:${hash}`)).toEqual({
      ok: true,
      accounts: [
        { user: 'dana', role: 'dispatcher', passwordHash: hash },
        { user: 'victor', role: 'viewer', passwordHash: hash },
      ],
    });
    const bad = parseAccounts(`dana:admin:${hash},eve:viewer:hunter2,Bad User:viewer:${hash},dana:viewer:${hash}`);
    expect(bad).toEqual({
      ok: false,
      errors: [
        'entry 1 (dana): role must be viewer or dispatcher',
        'entry 2 (eve): the password must be an scrypt hash (npm run portal:hash-password), never plain text',
        'entry 3: must be user:role:hash with a user of 2-32 characters [a-z0-9._-]',
      ],
    });
    expect(JSON.stringify(bad)).not.toContain('hunter2');
    expect(parseAccounts(' , ')).toEqual({ ok: false, errors: ['no account listed'] });
  });

  it('development accounts: generated once (mode 600), the same on the next start', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'portal-')), 'accounts');
    const first = await devAccounts(file);
    expect(first.map((a) => `${a.user}:${a.role}`)).toEqual(['viewer:viewer', 'dispatcher:dispatcher']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = readFileSync(file, 'utf8').split('\n')[1].split(':')[2];
    const second = await devAccounts(file);
    expect(await verifyPassword(password, second[1].passwordHash)).toBe(true);
  });
});

describe('portal sessions', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');

  it('round-trips a signed session; a changed byte, another secret or expiry is no session', () => {
    const session = newSession('dana', 'dispatcher', now);
    const cookie = encodeSession(session, SECRET);
    expect(decodeSession(cookie, SECRET, now + 1000)).toEqual(session);
    const [payload, mac] = cookie.split('.');
    const promoted = Buffer.from(JSON.stringify({ ...session, user: 'root' })).toString('base64url');
    expect(decodeSession(`${promoted}.${mac}`, SECRET, now)).toBeUndefined();
    expect(decodeSession(`${payload}.${mac.slice(0, -1)}x`, SECRET, now)).toBeUndefined();
    expect(decodeSession(cookie, `${SECRET}x`, now)).toBeUndefined();
    expect(decodeSession(cookie, SECRET, now + 12 * 3_600_000 + 1)).toBeUndefined();
    expect(decodeSession('garbage', SECRET, now)).toBeUndefined();
    expect(decodeSession(undefined, SECRET, now)).toBeUndefined();
  });

  it('CSRF: only the session’s own token matches', () => {
    const session = newSession('dana', 'dispatcher', now);
    expect(csrfMatches(session, session.csrf)).toBe(true);
    expect(csrfMatches(session, newSession('dana', 'dispatcher', now).csrf)).toBe(false);
    expect(csrfMatches(session, undefined)).toBe(false);
  });

  it('the cookie is HttpOnly and SameSite=Strict, Secure when asked, and read back from a Cookie header', () => {
    expect(sessionCookieHeader('abc.def', false)).toBe(
      'portal_session=abc.def; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200',
    );
    expect(sessionCookieHeader(undefined, true)).toBe(
      'portal_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure',
    );
    expect(readCookie('a=1; portal_session=abc.def; b=2', 'portal_session')).toBe('abc.def');
    expect(readCookie('portal_sessionx=1', 'portal_session')).toBeUndefined();
  });
});

describe('sign-in throttle', () => {
  it('five failures for a user make it wait until the first leaves the window; a success clears them', () => {
    const throttle = new LoginThrottle({ perUser: 5, perAddress: 20 }, 60_000);
    const attempt = { user: 'Dana', ip: '10.0.0.1' };
    for (let i = 0; i < 5; i++) {
      expect(throttle.retryAfter(attempt, i * 1000)).toBe(0);
      throttle.failed(attempt, i * 1000);
    }
    expect(throttle.retryAfter({ user: 'dana', ip: '10.0.0.2' }, 5_000)).toBe(55);
    expect(throttle.retryAfter(attempt, 60_001)).toBe(0);
    throttle.succeeded(attempt);
    expect(throttle.retryAfter(attempt, 5_000)).toBe(0);
  });

  it('an address gets more room than a user before it waits', () => {
    const throttle = new LoginThrottle({ perUser: 5, perAddress: 20 }, 60_000);
    for (let i = 0; i < 20; i++) throttle.failed({ user: `user${i}`, ip: '10.0.0.9' }, 0);
    expect(throttle.retryAfter({ user: 'fresh', ip: '10.0.0.9' }, 1_000)).toBe(59);
    expect(throttle.retryAfter({ user: 'fresh', ip: '10.0.0.8' }, 1_000)).toBe(0);
  });
});
