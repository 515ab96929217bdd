// Where the Temporal toolchain lives: the CLI dev server (built from source with Go) and the
// time-skipping test server (jars from Maven Central). Both are cached outside the repo, keyed by
// version, so every clone on this machine reuses one build.
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The test-server version is pinned once, in the pom that provisions it. */
export function testServerVersion() {
  const pom = readFileSync(join(repoRoot, 'temporal-config/test-server/pom.xml'), 'utf8');
  const match = /<temporal\.test\.server\.version>([^<]+)</.exec(pom);
  if (!match) throw new Error('temporal-config/test-server/pom.xml does not pin temporal.test.server.version');
  return match[1];
}

/** Root of the shared cache: $AUTOMATION_ENGINE_CACHE, else $XDG_CACHE_HOME or ~/.cache. */
export function cacheRoot() {
  if (process.env.AUTOMATION_ENGINE_CACHE) return process.env.AUTOMATION_ENGINE_CACHE;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'automation-engine');
}

export function cachedCliPath() {
  return join(cacheRoot(), `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'temporal');
}

export function testServerDir() {
  return join(cacheRoot(), `temporal-test-server-${testServerVersion()}`);
}

/** The executable wrapper that `exec`s java on the cached jars. */
export function testServerWrapperPath() {
  return join(testServerDir(), 'temporal-test-server');
}

export function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** First executable called `name` on PATH, or undefined. */
export function onPath(name) {
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * The Temporal CLI to use, in order: $TEMPORAL_CLI, a `temporal` on PATH, the cached build.
 * Returns undefined when none exists yet (run `npm run provision`).
 */
export function resolveTemporalCli() {
  const fromEnv = process.env.TEMPORAL_CLI;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`TEMPORAL_CLI=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  return onPath('temporal') ?? (existsSync(cachedCliPath()) ? cachedCliPath() : undefined);
}

/** The time-skipping test server wrapper, or undefined when not provisioned. */
export function resolveTestServer() {
  const wrapper = testServerWrapperPath();
  return isExecutable(wrapper) ? wrapper : undefined;
}
