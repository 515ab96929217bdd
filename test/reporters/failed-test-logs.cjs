// Jest reporter: a test file's logs (kept in a file while it ran) are printed only when it failed, so a
// passing run stays quiet and a failing one shows what the engine said. TEST_LOG_LEVEL prints live instead.
'use strict';
const { existsSync, readFileSync, rmSync } = require('node:fs');
const { testLogPath } = require('../helpers/test-log-path.cjs');

const TAIL_LINES = 300;

class FailedTestLogsReporter {
  onTestResult(_test, result) {
    const file = testLogPath(result.testFilePath);
    if (!existsSync(file)) return;
    if (result.numFailingTests > 0 || result.testExecError) {
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      const shown = lines.slice(-TAIL_LINES);
      process.stderr.write(
        `\n--- logs of ${result.testFilePath} (last ${shown.length} of ${lines.length} lines; all in ${file}) ---\n` +
          `${shown.join('\n')}\n--- end of logs ---\n`,
      );
    } else {
      rmSync(file, { force: true });
    }
  }
}

module.exports = FailedTestLogsReporter;
