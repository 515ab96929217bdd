import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DevopsConfig } from '../config/devops';

export const DEV_TOKEN_FILE = '.data/devops-token';

/**
 * DEVOPS_EVENTS_SECRET_TOKEN, or in development a token generated once into .data/devops-token (mode
 * 600), so CI scripts on this machine can read it and it survives restarts. Production config requires it.
 */
export function resolveDevopsToken(devops: DevopsConfig, devTokenFile = DEV_TOKEN_FILE): string {
  if (devops.token) return devops.token;
  if (!existsSync(devTokenFile)) {
    mkdirSync(dirname(devTokenFile), { recursive: true });
    writeFileSync(devTokenFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(devTokenFile, 'utf8').trim();
}
