import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type PortalRole = 'viewer' | 'dispatcher';
export const PORTAL_ROLES: readonly PortalRole[] = ['viewer', 'dispatcher'];

export interface PortalAccount {
  user: string;
  role: PortalRole;
  /** `scrypt.<N>.<r>.<p>.<salt>.<hash>` (base64url): never the password. */
  passwordHash: string;
}

const SCRYPT = { N: 16_384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const USER = /^[a-z][a-z0-9._-]{1,31}$/;
const HASH = /^scrypt\.(\d+)\.(\d+)\.(\d+)\.([A-Za-z0-9_-]{16,})\.([A-Za-z0-9_-]{43})$/;

const derive = (password: string, salt: Buffer, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );

/** A password's scrypt hash with a fresh salt, in the form DISPATCH_PORTAL_ACCOUNTS takes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, SCRYPT);
  return `scrypt.${SCRYPT.N}.${SCRYPT.r}.${SCRYPT.p}.${salt.toString('base64url')}.${key.toString('base64url')}`;
}

/** Whether the password matches the hash (constant-time compare). */
export async function verifyPassword(password: string, passwordHash: string): Promise<boolean> {
  const m = HASH.exec(passwordHash);
  if (!m) return false;
  const key = await derive(password, Buffer.from(m[4], 'base64url'), { N: +m[1], r: +m[2], p: +m[3] });
  return timingSafeEqual(key, Buffer.from(m[5], 'base64url'));
}

/** `user:role:hash` entries, comma-separated; every bad entry named (by position and user, never the hash). */
export function parseAccounts(text: string): { ok: true; accounts: PortalAccount[] } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const accounts: PortalAccount[] = [];
  text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)
    .forEach((entry, i) => {
      const [user = '', role = '', passwordHash = '', ...rest] = entry.split(':');
      const where = `entry ${i + 1}${USER.test(user) ? ` (${user})` : ''}`;
      if (rest.length > 0 || !USER.test(user))
        errors.push(`${where}: must be user:role:hash with a user of 2-32 characters [a-z0-9._-]`);
      else if (!(PORTAL_ROLES as readonly string[]).includes(role))
        errors.push(`${where}: role must be ${PORTAL_ROLES.join(' or ')}`);
      else if (!HASH.test(passwordHash))
        errors.push(`${where}: the password must be an scrypt hash (npm run portal:hash-password), never plain text`);
      else if (accounts.some((a) => a.user === user)) errors.push(`${where}: user listed twice`);
      else accounts.push({ user, role: role as PortalRole, passwordHash });
    });
  if (accounts.length === 0 && errors.length === 0) errors.push('no account listed');
  return errors.length > 0 ? { ok: false, errors } : { ok: true, accounts };
}

export const DEV_ACCOUNTS_FILE = '.data/portal-accounts';

/**
 * Development accounts when DISPATCH_PORTAL_ACCOUNTS is unset: a `dispatcher` and a `viewer`, passwords
 * generated once into .data/portal-accounts (mode 600, `user:role:password` lines) so they survive restarts.
 */
export async function devAccounts(file = DEV_ACCOUNTS_FILE): Promise<PortalAccount[]> {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const lines = PORTAL_ROLES.map((role) => `${role}:${role}:${randomBytes(12).toString('base64url')}`);
    writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  }
  return Promise.all(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(async (line) => {
        const [user, role, password] = line.split(':');
        return { user, role: role as PortalRole, passwordHash: await hashPassword(password) };
      }),
  );
}

/** The session-signing secret: configured, or generated once into .data in development. */
export function resolveSessionSecret(configured: string | undefined, file = '.data/portal-session-secret'): string {
  if (configured) return configured;
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}
