import type { Logger } from '@temporalio/worker';

/** For the bundler and the replayer in tests: their progress lines would bury the test's own output. */
export const quietLogger: Logger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
