import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolvePayloadKeys } from '../../../codec/keys';
import { loadConfig } from '../../../config';
import { tempDir } from '../../helpers/env';

describe('payload keys', () => {
  it('generates a development payload key once and reuses it across restarts', () => {
    const file = join(tempDir('keys'), 'payload-key.json');
    const codec = loadConfig({}).codec;
    const first = resolvePayloadKeys(codec, file);
    expect(existsSync(file)).toBe(true);
    expect(first.current.key).toHaveLength(32);
    expect(resolvePayloadKeys(codec, file).current.key.equals(first.current.key)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8')).id).toBe('dev-local');
  });
});
