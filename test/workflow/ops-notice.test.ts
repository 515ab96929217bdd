import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError } from '@temporalio/client';
import type { NotifierActivities, NotificationResult } from '../../activities/notifier/activities';
import { startOpsNotice } from '../../cli/start-ops-notice';
import { resultOrWhy } from '../../cli/workflow-failure';
import { opsNotice } from '../../workflows';
import {
  bundleWorkflows,
  createTimeSkippingEnv,
  mergeWorkflowCoverage,
  orchestrationWorker,
} from '../helpers/time-skipping';

describe('ops notice workflow (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    bundle = await bundleWorkflows();
  });
  afterAll(async () => {
    await mergeWorkflowCoverage();
    await env?.teardown();
  });

  /** Runs the workflow with fake notifier activities that record each call. */
  async function run(input: Parameters<typeof opsNotice>[0], fakes: Partial<NotifierActivities> = {}) {
    const calls: Array<{ name: string; input: Record<string, unknown> }> = [];
    const record =
      (name: string, outcome: NotificationResult['outcome'] = 'sent') =>
      async (i: Record<string, unknown>) => {
        calls.push({ name, input: i });
        return { outcome, providerId: `${name}-${calls.length}`, idempotencyKey: `k${calls.length}` };
      };
    const activities: NotifierActivities = {
      sendEmail: record('sendEmail'),
      postSlackMessage: record('postSlackMessage', 'already-sent'),
      sendSms: record('sendSms'),
      ...fakes,
    } as NotifierActivities;
    const orchestration = await orchestrationWorker({ connection: env.nativeConnection, bundle });
    const notifier = await Worker.create({ connection: env.nativeConnection, taskQueue: 'notifier', activities });
    const result = await orchestration.runUntil(
      notifier.runUntil(
        env.client.workflow.execute(opsNotice, {
          taskQueue: 'orchestration',
          workflowId: `ops-notice/${input.noticeId}`,
          args: [input],
        }),
      ),
    );
    return { result, calls };
  }

  it('delivers email, Slack and SMS in order, counting ones an earlier run already sent', async () => {
    const { result, calls } = await run({
      noticeId: 'CHG-1',
      subject: 'Maintenance',
      text: 'Reboot at 02:00',
      emailTo: ['a@x.example', 'b@x.example'],
      slack: true,
      smsTo: ['+12125550123'],
    });
    expect(result).toEqual({ noticeId: 'CHG-1', sent: 3, alreadySent: 1 });
    expect(calls.map((c) => c.name)).toEqual(['sendEmail', 'sendEmail', 'postSlackMessage', 'sendSms']);
    expect(calls[1].input).toMatchObject({
      step: 'notice-email',
      businessId: 'CHG-1#2',
      to: 'b@x.example',
      subject: 'Maintenance',
    });
    expect(calls[3].input).toMatchObject({
      step: 'notice-sms',
      businessId: 'CHG-1#1',
      body: 'Maintenance: Reboot at 02:00',
    });
  });

  it('retries a vendor outage until it passes, and fails fast on an invalid recipient', async () => {
    let attempts = 0;
    const flaky = async () => {
      if (++attempts < 3) throw ApplicationFailure.create({ type: 'VendorUnavailableError', message: 'twilio 503' });
      return { outcome: 'sent' as const, providerId: 'SM1', idempotencyKey: 'k' };
    };
    const { result } = await run(
      { noticeId: 'CHG-2', subject: 's', text: 't', smsTo: ['+12125550123'] },
      { sendSms: flaky },
    );
    expect(result.sent).toBe(1);
    expect(attempts).toBe(3);

    const invalid = async () => {
      throw ApplicationFailure.create({
        type: 'InvalidInputError',
        message: 'field "to" is invalid',
        nonRetryable: true,
      });
    };
    let calls = 0;
    const err = await run(
      { noticeId: 'CHG-3', subject: 's', text: 't', smsTo: ['bad'] },
      {
        sendSms: async () => {
          calls++;
          return invalid();
        },
      },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect(calls).toBe(1);

    // What `npm run notice` prints for it: the decoded reason, the activity and its attempt (issue 18 item 1).
    const why = await resultOrWhy(env.client.workflow.getHandle('ops-notice/CHG-3')).catch((e: Error) => e.message);
    expect(why).toBe(
      [
        'workflow ops-notice/CHG-3 failed:',
        '  activity sendSms (attempt 1, not retryable)',
        '  InvalidInputError: field "to" is invalid',
      ].join('\n'),
    );
  });

  it('a notice ID is used once: refused after delivery, allowed again after a failed run (issue 18 item 2)', async () => {
    const input = { noticeId: 'CHG-REUSE', subject: 's', text: 't', smsTo: ['+12125550123'] };
    await run(input);
    await expect(startOpsNotice(env.client, { ...input, text: 'new text' })).rejects.toBeInstanceOf(
      WorkflowExecutionAlreadyStartedError,
    );
    const failing = { ...input, noticeId: 'CHG-FAILS' };
    const bad = async () => {
      throw ApplicationFailure.create({ type: 'InvalidInputError', message: 'bad', nonRetryable: true });
    };
    await expect(run(failing, { sendSms: bad })).rejects.toBeInstanceOf(WorkflowFailedError);
    const again = await startOpsNotice(env.client, failing);
    expect(again.workflowId).toBe('ops-notice/CHG-FAILS');
    await again.terminate('test: started again after its failure, that is all');
  });
});
