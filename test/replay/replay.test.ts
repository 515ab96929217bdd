import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { formatGate, gateRuns, type GateRun } from '../../replay/gate';
import * as workflows from '../../workflows';
import { bundleEngineWorkflows } from '../../workers/workflow-bundle';
import { readHistory } from './history-file';
import { quietLogger } from '../helpers/quiet-logger';

const dir = join(__dirname, 'histories');
const goldens = () =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: readHistory(join(dir, f)) }));

describe('golden histories replay against the current workflow code', () => {
  it('passes the replay gate: every committed history replays, one line per type', async () => {
    // The bundle exactly as the workers build it (shared domain modules and all).
    const workflowBundle = await bundleEngineWorkflows(quietLogger);
    const histories = goldens();
    expect(histories.length).toBeGreaterThanOrEqual(2);
    async function* runs(): AsyncGenerator<GateRun> {
      for (const { workflowId, history } of histories)
        yield {
          workflowId,
          runId: workflowId,
          type: history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '?',
          running: false,
          history: () => Promise.resolve(history),
        };
    }
    const lines = await gateRuns(runs(), { workflowBundle, workflowsDir: join(__dirname, '../../workflows') });
    const gate = formatGate(lines);
    expect(gate.text).not.toMatch(/DIVERGED|ERROR/);
    expect(gate.ok).toBe(true);
    expect(lines.reduce((n, l) => n + l.replayed, 0)).toBe(histories.length);
    // Every registered type has a golden: a new type without one fails here.
    expect(lines.map((l) => l.type).sort()).toEqual(Object.keys(workflows).sort());
  });

  it('fails on a workflow change that reorders commands without patched()', async () => {
    const workflowBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./fixtures/reordered-ops-notice'),
      logger: quietLogger,
    });
    const history = readHistory(join(dir, 'ops-notice-all-channels.json'));
    await expect(
      Worker.runReplayHistory({ workflowBundle }, history, 'ops-notice-all-channels'),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
