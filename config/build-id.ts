import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

let cached: string | undefined | null = null;

/**
 * This checkout's build ID: the commit, with `-dirty` when tracked files have changes (untracked scratch files do
 * not change what runs). Undefined outside a git checkout (an image build passes BUILD_ID instead). Read once per
 * process, so every pool of one process reports the same version, and handed to the processes it starts (BUILD_ID
 * in the environment): a worker a supervisor restarts after the tree changed is still the build it was, not a new
 * one nobody made current.
 */
export function gitBuildId(): string | undefined {
  if (cached !== null) return cached;
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', join(__dirname, '..'), ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  try {
    const commit = git('rev-parse', '--short=12', 'HEAD');
    cached = git('status', '--porcelain', '--untracked-files=no') === '' ? commit : `${commit}-dirty`;
    process.env.BUILD_ID ??= cached;
  } catch {
    cached = undefined;
  }
  return cached;
}
