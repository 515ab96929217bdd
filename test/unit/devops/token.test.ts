import { statSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDevopsToken } from '../../../devops/token';
import { tempDir } from '../../helpers/env';

describe('DevOps service token', () => {
  it('uses DEVOPS_EVENTS_SECRET_TOKEN, else generates one once into a file only its owner reads', () => {
    const file = join(tempDir('devops-token'), 'sub', 'devops-token');
    const base = { port: 8000, host: '127.0.0.1', windowDays: 30 };
    expect(resolveDevopsToken({ ...base, token: 'configured-token-0123' }, file)).toBe('configured-token-0123');
    const generated = resolveDevopsToken({ ...base, token: undefined }, file);
    expect(generated).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(resolveDevopsToken({ ...base, token: undefined }, file)).toBe(generated);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
