import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot } from '../../scripts/toolchain.cjs';
import { tempDir } from './env';

const REQUIREMENTS = join(__dirname, '../fuzz/requirements.txt');
const SETTINGS = join(__dirname, '../fuzz/schemathesis.toml');

/** Schemathesis's `st`, in a venv of the cache keyed by the pinned requirements; built once per machine. */
export function schemathesisCli(): string {
  const pins = readFileSync(REQUIREMENTS, 'utf8');
  const version = /^schemathesis==(\S+)/m.exec(pins)?.[1] ?? 'unpinned';
  const key = createHash('sha256').update(pins).digest('hex').slice(0, 8);
  const venv = join(cacheRoot(), `schemathesis-${version}-${key}`);
  const st = join(venv, 'bin', 'st');
  // A venv cannot move (its scripts name their interpreter by path): built in place, marked when whole.
  const done = join(venv, '.installed');
  if (existsSync(done)) return st;
  rmSync(venv, { recursive: true, force: true });
  const step = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 600_000 });
    if (r.status !== 0)
      throw new Error(
        `${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr || r.error?.message}\n` +
          'Schemathesis needs Python 3 with venv and pip (Debian: apt-get install python3-venv) and PyPI.',
      );
  };
  step('python3', ['-m', 'venv', venv]);
  step(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', REQUIREMENTS]);
  writeFileSync(done, pins);
  return st;
}

export interface FuzzRun {
  code: number;
  output: string;
}

/**
 * One bounded, reproducible Schemathesis run against a served OpenAPI document, every check on: no 5xx,
 * every status, header and body as documented, valid requests accepted, invalid ones refused, and
 * undocumented methods answered 405 with Allow.
 */
export function fuzz(
  schemaUrl: string,
  options: { env: Record<string, string>; maxExamples: number; seed?: number },
): Promise<FuzzRun> {
  const args = [
    '--config-file',
    SETTINGS,
    'run',
    schemaUrl,
    '--checks',
    'all',
    '--max-examples',
    String(options.maxExamples),
    '--seed',
    String(options.seed ?? 20261202),
    '--generation-database',
    'none',
    '--workers',
    '1',
    '--no-color',
    '--request-timeout',
    '20',
  ];
  return new Promise((resolve) => {
    execFile(
      schemathesisCli(),
      args,
      {
        cwd: tempDir('fuzz'),
        env: { ...process.env, ...options.env },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 600_000,
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? codeOf(err) : 0, output: `${stdout}${stderr}${err && !stdout ? err.message : ''}` }),
    );
  });
}

/** The exit code, or -1 when it did not run at all (not found, killed at the timeout). */
const codeOf = (err: Error & { code?: unknown }) => (typeof err.code === 'number' ? err.code : -1);
