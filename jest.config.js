/** Unit, workflow (time-skipping test server) and end-to-end (dev server + sandbox) suites, two files at a time. */
const { readdirSync } = require('node:fs');
const { join } = require('node:path');

const FOLDERS = [
  'activities',
  'cli',
  'codec',
  'config',
  'devops',
  'domain',
  'http',
  'observability',
  'portal',
  'replay',
  'sandbox',
  'schedules',
  'store',
  'temporal-config',
  'workers',
  'workflows',
];
// Each vendor bridge (activities/<vendor>) and each process (workflows/<process>) is a service of its
// own, gated on its own like the seeds' per-service CI, besides its top-level folder.
const subfolders = (root) =>
  readdirSync(join(__dirname, root), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => `${root}/${e.name}`);
const GATED = [...FOLDERS, ...subfolders('activities'), ...subfolders('workflows')];

module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  testTimeout: 120_000,
  // Two files at a time, on any machine: an end-to-end file spends most of its time waiting on timers, servers
  // and processes it started (97 % idle over a measured stretch), so a second file fills the gap; more than two
  // would starve the timing-bound ones on the 2-core machines CI runs on. Every test takes free ports and temp
  // directories of its own (the README test alone uses the default ports, and nothing else does).
  maxWorkers: 2,
  // A hung test's workers must not keep jest (and CI) alive after it has reported.
  forceExit: true,
  // Istanbul counts (not v8): workflow code runs inside the worker's bundle, instrumented there by
  // @temporalio/nyc-test-coverage's loader and merged in by test/helpers/workflow-coverage.ts. Jest does not
  // instrument workflows/ itself (two instrumentations of one file do not merge); the bundle does.
  coverageProvider: 'babel',
  collectCoverageFrom: [
    `{${FOLDERS.filter((f) => f !== 'workflows').join(',')}}/**/*.ts`,
    // Process entry points: they only hand argv, env and the exit code to tested modules (cli/run.ts,
    // cli/*-command.ts, replay/, workers/pools.ts, ...), and run as subprocesses in the e2e suites.
    '!**/main.ts',
    '!codec/server-main.ts',
    '!cli/{dispatch,dora,notice,replay,schedules,setup-search-attributes,story}.ts',
    // Its contract tests need a PostgreSQL (TEST_DATABASE_URL; .ci/run starts one): without it they are
    // skipped, and the file is not counted rather than failing the store gate on a machine without one.
    ...(process.env.TEST_DATABASE_URL ? [] : ['!store/postgres-app-store.ts']),
  ],
  coverageThreshold: {
    global: { lines: 80 },
    ...Object.fromEntries(GATED.map((folder) => [`./${folder}/`, { lines: 80 }])),
  },
  coverageReporters: ['text-summary', 'text', 'lcov'],
  // Test logs go to a file per test file; this prints them for a file that failed (see test/helpers/env.ts).
  reporters: ['default', '<rootDir>/test/reporters/failed-test-logs.cjs'],
};
