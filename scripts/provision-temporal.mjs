#!/usr/bin/env node
// Provisions the Temporal toolchain (run by `npm install`; idempotent): builds the CLI dev server
// from source with `go install` and fetches the time-skipping test server from Maven Central.
// `--cluster` also builds the cluster engine's server, SQL schema tool and Web UI server (only then:
// `npm install` stays fast); `--cluster-only` builds just those. Nothing prebuilt is downloaded.
// Set AE_SKIP_PROVISION=1 to skip (e.g. in worker images).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CLUSTER_TOOLS,
  clusterToolPath,
  TEMPORAL_CLI_MODULE,
  TEMPORAL_CLI_VERSION,
  cachedCliPath,
  onPath,
  resolveTemporalCli,
  testServerDir,
  testServerVersion,
  testServerWrapperPath,
} from './toolchain.cjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (msg) => console.log(`[provision] ${msg}`);

function run(cmd, args, opts = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
}

function missingTools() {
  const needs = [];
  if (!resolveTemporalCli() && !onPath('go')) {
    needs.push(
      `go (builds the Temporal CLI ${TEMPORAL_CLI_VERSION}; Debian: apt-get install golang, or Go >= 1.23 from go.dev; or point TEMPORAL_CLI at an existing temporal binary)`,
    );
  }
  if (!existsSync(testServerWrapperPath())) {
    if (!onPath('java'))
      needs.push('java (runs the time-skipping test server; Debian: apt-get install openjdk-17-jre-headless)');
    if (!onPath('mvn')) needs.push('mvn (fetches the test server from Maven Central; Debian: apt-get install maven)');
  }
  return needs;
}

/** What `temporal --version` says of a binary (empty when it cannot run). */
function cliVersion(path) {
  const out = spawnSync(path, ['--version'], { encoding: 'utf8' });
  return out.status === 0 ? out.stdout.trim() : '';
}

function provisionCli() {
  const existing = resolveTemporalCli();
  // A cached build from before the version was stamped in reports 0.0.0-DEV: build it again, once.
  const unstamped = existing === cachedCliPath() && cliVersion(existing).includes('0.0.0-DEV');
  if (existing && !unstamped) {
    say(`Temporal CLI: using ${existing}`);
    return;
  }
  const target = cachedCliPath();
  const gobin = dirname(target);
  mkdirSync(gobin, { recursive: true });
  say(
    `Temporal CLI: building ${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION} from source into ${gobin} (first time only, a few minutes)`,
  );
  // The release builds stamp the version with -ldflags; `go install` alone leaves "0.0.0-DEV".
  const stamp = `-X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION.replace(/^v/, '')}`;
  run('go', ['install', `-ldflags=${stamp}`, `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`], {
    env: { ...process.env, GOBIN: gobin, GOFLAGS: '-mod=mod' },
    cwd: gobin,
  });
  say(`Temporal CLI: built ${target} (${cliVersion(target)})`);
}

/** The cluster engine's binaries, each built once into its own versioned cache directory. */
function provisionCluster() {
  for (const tool of CLUSTER_TOOLS) {
    const target = clusterToolPath(tool);
    if (existsSync(target)) {
      say(`cluster ${tool.name} ${tool.version}: using ${target}`);
      continue;
    }
    const dir = dirname(target);
    const staging = `${dir}.partial`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    say(`cluster ${tool.name}: building ${tool.module}@${tool.version} from source (first time only, a minute or two)`);
    run('go', ['install', `${tool.module}@${tool.version}`], {
      env: { ...process.env, GOBIN: staging, GOFLAGS: '-mod=mod' },
      cwd: staging,
    });
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir); // atomic: a half-finished build is never mistaken for a good one
    say(`cluster ${tool.name}: built ${target}`);
  }
}

function provisionTestServer() {
  const wrapper = testServerWrapperPath();
  const version = testServerVersion();
  if (existsSync(wrapper)) {
    say(`time-skipping test server ${version}: using ${wrapper}`);
    return;
  }
  const dir = testServerDir();
  const staging = `${dir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  say(
    `time-skipping test server ${version}: fetching io.temporal:temporal-test-server and its runtime dependencies from Maven Central`,
  );
  run('mvn', [
    '-B',
    '-q',
    '-f',
    join(repoRoot, 'temporal-config/test-server/pom.xml'),
    'dependency:copy-dependencies',
    '-DincludeScope=runtime',
    `-DoutputDirectory=${join(staging, 'lib')}`,
  ]);
  const jars = readdirSync(join(staging, 'lib')).filter((f) => f.endsWith('.jar'));
  if (!jars.some((f) => f.startsWith('temporal-test-server')))
    throw new Error('Maven did not deliver temporal-test-server');
  // The SDK starts the server as `<executable> <port> --enable-time-skipping`.
  writeFileSync(
    join(staging, 'temporal-test-server'),
    [
      '#!/bin/sh',
      '# Temporal time-skipping test server; args: <port> [--enable-time-skipping]',
      'here="$(dirname "$0")"',
      'exec java ${TEMPORAL_TEST_SERVER_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto} -cp "$here/lib/*" io.temporal.testserver.TestServer "$@"',
      '',
    ].join('\n'),
  );
  chmodSync(join(staging, 'temporal-test-server'), 0o755);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir); // atomic: a half-finished fetch is never mistaken for a good one
  say(`time-skipping test server ${version}: ready at ${wrapper} (${jars.length} jars)`);
}

if (process.env.AE_SKIP_PROVISION === '1') {
  say('AE_SKIP_PROVISION=1: skipping the Temporal toolchain');
  process.exit(0);
}
const cluster = process.argv.includes('--cluster') || process.argv.includes('--cluster-only');
const clusterOnly = process.argv.includes('--cluster-only');
if (clusterOnly) {
  if (!onPath('go')) {
    console.error(
      '[provision] cannot build the cluster engine; install go (Debian: apt-get install golang, or Go >= 1.23)',
    );
    process.exit(1);
  }
  try {
    provisionCluster();
  } catch (err) {
    console.error(`[provision] failed: ${err.message}`);
    process.exit(1);
  }
  process.exit(0);
}
const needs = missingTools();
if (needs.length > 0) {
  console.error(`[provision] cannot provision the Temporal toolchain; install:\n  - ${needs.join('\n  - ')}`);
  process.exit(1);
}
try {
  provisionCli();
  provisionTestServer();
  if (cluster) provisionCluster();
} catch (err) {
  console.error(`[provision] failed: ${err.message}`);
  process.exit(1);
}
