import { Runtime } from '@temporalio/worker';

/** A CLI that replays: the replay worker's own logs would bury the verdict. */
export function installQuietRuntime(): void {
  Runtime.install({
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } as never,
    telemetryOptions: { logging: { filter: 'ERROR' } },
  });
}
