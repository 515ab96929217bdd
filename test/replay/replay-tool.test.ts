import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { historyToProtoJson } from '../../replay/history-json';
import { parseReplayArgs, replay } from '../../replay/run';
import { formatVerdict, replayVerdict } from '../../replay/verdict';
import { tempDir } from '../helpers/env';
import { readHistory } from './history-file';
import { quietLogger } from '../helpers/quiet-logger';

const golden = (name: string) => join(__dirname, 'histories', `${name}.json`);

describe('replay tool (npm run replay)', () => {
  it('says ok for a golden history, in our file form and as the Web UI downloads it (proto3 JSON)', async () => {
    expect(await replay({ file: golden('triage-slack-summary') }, {})).toMatchObject({
      verdict: 'ok',
      workflowType: 'triage',
    });
    const dir = tempDir('replay');
    const uiJson = historyToProtoJson(readHistory(golden('triage-planned-per-page'))) as {
      events: Array<{ eventType: string }>;
    };
    expect(uiJson.events[0].eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    writeFileSync(join(dir, 'ui.json'), JSON.stringify(uiJson));
    const verdict = await replay({ file: join(dir, 'ui.json'), workflowId: 'triage-golden-append' }, {});
    expect(verdict).toEqual({
      verdict: 'ok',
      workflowId: 'triage-golden-append',
      workflowType: 'triage',
      events: uiJson.events.length,
    });
    expect(formatVerdict(verdict)).toBe(
      `ok: triage-golden-append (triage) replays against the current workflow code (${uiJson.events.length} events).`,
    );
    // Older UI downloads spell event types in PascalCase.
    const pascal = {
      events: uiJson.events.map((e) => ({
        ...e,
        eventType: e.eventType
          .replace(/^EVENT_TYPE_/, '')
          .toLowerCase()
          .replace(/(^|_)([a-z])/g, (_m, _u, c: string) => c.toUpperCase()),
      })),
    };
    writeFileSync(join(dir, 'pascal.json'), JSON.stringify(pascal));
    expect((await replay({ file: join(dir, 'pascal.json') }, {})).verdict).toBe('ok');
  });

  it('names the mismatch, the history event and the code line for a reordered workflow', async () => {
    const fixture = require.resolve('./fixtures/reordered-ops-notice');
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: fixture, logger: quietLogger });
    const verdict = await replayVerdict(readHistory(golden('ops-notice-all-channels')), {
      workflowId: 'ops-notice/GOLDEN-1',
      workflowBundle,
      workflowsDir: dirname(fixture),
    });
    expect(verdict).toEqual({
      verdict: 'nondeterminism',
      workflowId: 'ops-notice/GOLDEN-1',
      workflowType: 'opsNotice',
      mismatch:
        "Activity type of scheduled event 'sendEmail' does not match activity type of activity command 'sendSms'",
      event: { id: 7, type: 'ActivityTaskScheduled', name: 'sendEmail' },
      codeLocations: ['test/replay/fixtures/reordered-ops-notice.ts:11'],
    });
    expect(formatVerdict(verdict)).toMatch(
      /^NONDETERMINISM: ops-notice\/GOLDEN-1 \(opsNotice\)[\s\S]*history: {2}event 7 ActivityTaskScheduled sendEmail\n {2}code: {5}test\/replay\/fixtures\/reordered-ops-notice.ts:11/,
    );
  });

  it('fails every golden dispatch history against a timeline that writes the note before the SMS', async () => {
    const fixture = require.resolve('./fixtures/reordered-dispatch-timeline');
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: fixture, logger: quietLogger });
    for (const name of [
      'dispatch-confirmed-reminders-on-site-completed',
      'dispatch-cancelled',
      'dispatch-tech-changed',
      'dispatch-rescheduled',
    ]) {
      const verdict = await replayVerdict(readHistory(golden(name)), {
        workflowId: name,
        workflowBundle,
        workflowsDir: dirname(fixture),
      });
      expect(verdict).toMatchObject({
        verdict: 'nondeterminism',
        event: { type: 'ActivityTaskScheduled', name: 'sendSms' },
        codeLocations: ['test/replay/fixtures/reordered-dispatch-timeline.ts:13'],
      });
    }
  });

  it('refuses what is not a history, and bad arguments, saying why', async () => {
    const dir = tempDir('replay-bad');
    writeFileSync(join(dir, 'x.json'), JSON.stringify({ workflows: [] }));
    await expect(replay({ file: join(dir, 'x.json') }, {})).rejects.toThrow(
      'not a workflow history: expected a JSON object with an "events" array',
    );
    await expect(replay({ file: join(dir, 'missing.json') }, {})).rejects.toThrow(
      `no such file: ${join(dir, 'missing.json')}`,
    );
    expect(parseReplayArgs(['dispatch/cts/S-1'])).toEqual({ workflowId: 'dispatch/cts/S-1', runId: undefined });
    expect(parseReplayArgs(['--file', 'h.json', '--workflow-id', 'w'])).toEqual({ file: 'h.json', workflowId: 'w' });
    expect(() => parseReplayArgs([])).toThrow('give one workflow ID, or --file');
    expect(() => parseReplayArgs(['a', 'b'])).toThrow('give one workflow ID, or --file');
    expect(() => parseReplayArgs(['a', '--run'])).toThrow('--run needs a value');
    expect(() => parseReplayArgs(['a', '--color', 'x'])).toThrow('unknown option --color');
  });
});
