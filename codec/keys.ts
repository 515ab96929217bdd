import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CodecConfig } from '../config/codec';
import type { KeyMaterial } from './aes-gcm-codec';

export const DEV_KEY_FILE = '.data/payload-key.json';

/**
 * The current payload key: from config, or in development a key generated once and kept under
 * .data/ so the local history stays decodable across restarts. Production config requires a key.
 */
export function resolvePayloadKeys(
  codec: CodecConfig,
  devKeyFile = DEV_KEY_FILE,
): { current: KeyMaterial; old: KeyMaterial[] } {
  if (codec.currentKey) return { current: codec.currentKey, old: codec.oldKeys };
  if (!existsSync(devKeyFile)) {
    mkdirSync(dirname(devKeyFile), { recursive: true });
    writeFileSync(devKeyFile, JSON.stringify({ id: 'dev-local', key: randomBytes(32).toString('base64') }), {
      mode: 0o600,
    });
  }
  const stored = JSON.parse(readFileSync(devKeyFile, 'utf8')) as { id: string; key: string };
  return { current: { id: stored.id, key: Buffer.from(stored.key, 'base64') }, old: codec.oldKeys };
}
