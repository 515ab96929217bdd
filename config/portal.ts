import { z } from 'zod';
import { port } from './parse';
import { parseAccounts } from '../portal/accounts';

/** The dispatch portal (seed 002's dispatch-portal-backend and frontend): where it listens, who may sign in. */
export const portalEnv = z.object({
  DISPATCH_PORTAL_PORT: port(5000),
  DISPATCH_PORTAL_HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * `user:role:scrypt-hash` entries, comma-separated (`npm run portal:hash-password` makes a hash). Unset in
   * development: a dispatcher and a viewer with generated passwords are written to .data/portal-accounts.
   */
  DISPATCH_PORTAL_ACCOUNTS: z
    .string()
    .transform((text, ctx) => {
      const parsed = parseAccounts(text);
      if (!parsed.ok) for (const reason of parsed.errors) ctx.addIssue({ code: 'custom', message: reason });
      return parsed.ok ? parsed.accounts : [];
    })
    .optional(),
  /** Signs session cookies (32+ characters); unset in development: generated into .data/portal-session-secret. */
  DISPATCH_PORTAL_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Where users reach the portal; https:// marks session cookies Secure. */
  DISPATCH_PORTAL_PUBLIC_URL: z.string().url('expected a URL such as https://portal.example.com').optional(),
});

/**
 * What the portal itself needs in production (checked when it starts, so a worker process, which never
 * serves the portal, does not need the portal's secrets): every missing one named.
 */
export function portalProductionProblems(portal: PortalConfig): string[] {
  return [
    ...(portal.accounts
      ? []
      : ['DISPATCH_PORTAL_ACCOUNTS: required in production (unset generates development accounts)']),
    ...(portal.sessionSecret ? [] : ['DISPATCH_PORTAL_SESSION_SECRET: required in production']),
  ];
}

export function portalConfig(env: z.infer<typeof portalEnv>) {
  const publicUrl = env.DISPATCH_PORTAL_PUBLIC_URL ?? `http://${env.DISPATCH_PORTAL_HOST}:${env.DISPATCH_PORTAL_PORT}`;
  return {
    port: env.DISPATCH_PORTAL_PORT,
    host: env.DISPATCH_PORTAL_HOST,
    accounts: env.DISPATCH_PORTAL_ACCOUNTS,
    sessionSecret: env.DISPATCH_PORTAL_SESSION_SECRET,
    publicUrl,
    secureCookies: publicUrl.startsWith('https:'),
  };
}
export type PortalConfig = ReturnType<typeof portalConfig>;
