import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { readHistory } from './history-file';

const dir = join(__dirname, 'histories');
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const goldens = () =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: readHistory(join(dir, f)) }));

describe('golden histories replay against the current workflow code', () => {
  it('replays every committed history without a determinism error', async () => {
    const workflowBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows'),
      logger: quiet,
    });
    const histories = goldens();
    expect(histories.length).toBeGreaterThanOrEqual(2);
    const results = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) results.push(result);
    expect(results.map((r) => [r.workflowId, r.error?.message])).toEqual(
      histories.map((h) => [h.workflowId, undefined]),
    );
  });

  it('fails on a workflow change that reorders commands without patched()', async () => {
    const workflowBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./fixtures/reordered-ops-notice'),
      logger: quiet,
    });
    const history = readHistory(join(dir, 'ops-notice-all-channels.json'));
    await expect(
      Worker.runReplayHistory({ workflowBundle }, history, 'ops-notice-all-channels'),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
