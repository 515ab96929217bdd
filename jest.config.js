/** Unit, workflow (time-skipping test server) and end-to-end (dev server + sandbox) suites, run serially. */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  testTimeout: 120_000,
  maxWorkers: 1,
  // A hung test's workers must not keep jest (and CI) alive after it has reported.
  forceExit: true,
  coverageProvider: 'v8',
  collectCoverageFrom: [
    '{activities,cli,codec,config,domain,observability,replay,sandbox,schedules,store,temporal-config,workers,workflows}/**/*.ts',
    '!**/main.ts',
  ],
  coverageThreshold: { global: { lines: 80 } },
  coverageReporters: ['text-summary', 'text', 'lcov'],
};
