// Where a test file's logs go while it runs (quiet by default): shared by the test helpers that write
// them and the reporter that prints them when that file fails.
'use strict';
const { tmpdir } = require('node:os');
const { join, relative } = require('node:path');

const LOG_DIR = join(tmpdir(), 'automation-engine-test-logs');

/** One log file per test file, named after its path in the repository. */
function testLogPath(testFilePath) {
  const name = relative(join(__dirname, '../..'), testFilePath).replace(/[^A-Za-z0-9.-]+/g, '_');
  return join(LOG_DIR, `${name}.log`);
}

module.exports = { LOG_DIR, testLogPath };
