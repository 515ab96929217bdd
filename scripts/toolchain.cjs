// Where the Temporal toolchain lives: the CLI dev server (built from source with Go) and the
// time-skipping test server (jars from Maven Central). Both are cached outside the repo, keyed by
// version, so every clone on this machine reuses one build.
'use strict';
const { accessSync, constants, existsSync, readFileSync } = require('node:fs');
const { homedir } = require('node:os');
const { delimiter, join } = require('node:path');

const TEMPORAL_CLI_VERSION = 'v1.5.1';
const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';

/**
 * The cluster engine's binaries (`TEMPORAL_ENGINE=cluster`), built from source like the CLI: the server the
 * CLI v1.5.1 embeds, its SQL schema tool (the PostgreSQL schemas are embedded), and the Web UI server. Each
 * goes into a directory of its own: `go install` names both the server and the UI server `server`.
 */
const CLUSTER_TOOLS = [
  { name: 'server', module: 'go.temporal.io/server/cmd/server', version: 'v1.29.1', binary: 'server' },
  { name: 'sql-tool', module: 'go.temporal.io/server/cmd/tools/sql', version: 'v1.29.1', binary: 'sql' },
  { name: 'ui-server', module: 'github.com/temporalio/ui-server/v2/cmd/server', version: 'v2.42.1', binary: 'server' },
];

const repoRoot = join(__dirname, '..');

/** The test-server version is pinned once, in the pom that provisions it. */
function testServerVersion() {
  const pom = readFileSync(join(repoRoot, 'temporal-config/test-server/pom.xml'), 'utf8');
  const match = /<temporal\.test\.server\.version>([^<]+)</.exec(pom);
  if (!match) throw new Error('temporal-config/test-server/pom.xml does not pin temporal.test.server.version');
  return match[1];
}

/** Root of the shared cache: $AUTOMATION_ENGINE_CACHE, else $XDG_CACHE_HOME or ~/.cache. */
function cacheRoot() {
  if (process.env.AUTOMATION_ENGINE_CACHE) return process.env.AUTOMATION_ENGINE_CACHE;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'automation-engine');
}

function cachedCliPath() {
  return join(cacheRoot(), `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'temporal');
}

/** Where one cluster tool is cached: `<cache>/temporal-<name>-<version>/<binary>`. */
function clusterToolPath(tool) {
  return join(cacheRoot(), `temporal-${tool.name}-${tool.version}`, tool.binary);
}

/** The cluster binaries, or undefined until `npm run provision -- --cluster` (or the first cluster start) built them. */
function resolveClusterTools() {
  const paths = Object.fromEntries(CLUSTER_TOOLS.map((t) => [t.name, clusterToolPath(t)]));
  return Object.values(paths).every(isExecutable)
    ? { server: paths.server, sqlTool: paths['sql-tool'], uiServer: paths['ui-server'] }
    : undefined;
}

function testServerDir() {
  return join(cacheRoot(), `temporal-test-server-${testServerVersion()}`);
}

/** The executable wrapper that `exec`s java on the cached jars. */
function testServerWrapperPath() {
  return join(testServerDir(), 'temporal-test-server');
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** First executable called `name` on PATH, or undefined. */
function onPath(name) {
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * The Temporal CLI to use, in order: $TEMPORAL_CLI, a `temporal` on PATH, the cached build.
 * Returns undefined when none exists yet (run `npm run provision`).
 */
function resolveTemporalCli() {
  const fromEnv = process.env.TEMPORAL_CLI;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`TEMPORAL_CLI=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  return onPath('temporal') ?? (existsSync(cachedCliPath()) ? cachedCliPath() : undefined);
}

/** The time-skipping test server wrapper, or undefined when not provisioned. */
function resolveTestServer() {
  const wrapper = testServerWrapperPath();
  return isExecutable(wrapper) ? wrapper : undefined;
}

module.exports = {
  TEMPORAL_CLI_VERSION,
  TEMPORAL_CLI_MODULE,
  CLUSTER_TOOLS,
  clusterToolPath,
  resolveClusterTools,
  testServerVersion,
  cacheRoot,
  cachedCliPath,
  testServerDir,
  testServerWrapperPath,
  isExecutable,
  onPath,
  resolveTemporalCli,
  resolveTestServer,
};
