import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError } from '@temporalio/client';
import type { NotifierActivities, NotificationResult } from '../../activities/notifier/activities';
import { createAppStoreActivities } from '../../activities/app-store/activities';
import { startOpsNotice } from '../../cli/start-ops-notice';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { SearchAttr } from '../../domain/search-attributes';
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
  const store = new SqliteAppStore(':memory:');
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    bundle = await bundleWorkflows();
  });
  afterAll(async () => {
    await mergeWorkflowCoverage();
    await env?.teardown();
  });

  /** Runs the workflow with fake notifier activities that record each call. */
  async function run(
    input: Parameters<typeof opsNotice>[0],
    fakes: Partial<NotifierActivities> = {},
    during?: () => Promise<void>,
  ) {
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
    const orchestration = await orchestrationWorker({
      connection: env.nativeConnection,
      bundle,
      activities: createAppStoreActivities(store), // the owed marks
    });
    const notifier = await Worker.create({ connection: env.nativeConnection, taskQueue: 'notifier', activities });
    const result = await orchestration.runUntil(
      notifier.runUntil(async () => {
        const handle = await env.client.workflow.start(opsNotice, {
          taskQueue: 'orchestration',
          workflowId: `ops-notice/${input.noticeId}`,
          args: [input],
        });
        await during?.();
        return handle.result();
      }),
    );
    return { result, calls };
  }

  it('delivers email, Slack and SMS side by side, counting ones an earlier run already sent', async () => {
    const { result, calls } = await run({
      noticeId: 'CHG-1',
      subject: 'Maintenance',
      text: 'Reboot at 02:00',
      emailTo: ['a@x.example', 'b@x.example'],
      slack: true,
      smsTo: ['+12125550123'],
    });
    expect(result).toEqual({ noticeId: 'CHG-1', sent: 3, alreadySent: 1 });
    expect(calls.map((c) => c.name).sort()).toEqual(['postSlackMessage', 'sendEmail', 'sendEmail', 'sendSms']);
    const call = (name: string, businessId: string) =>
      calls.find((c) => c.name === name && c.input.businessId === businessId)!.input;
    expect(call('sendEmail', 'CHG-1#2')).toMatchObject({
      step: 'notice-email',
      businessId: 'CHG-1#2',
      to: 'b@x.example',
      subject: 'Maintenance',
    });
    expect(call('sendSms', 'CHG-1#1')).toMatchObject({
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
        '  OpsNoticeRefused: 1 of 1 deliveries refused (send the notice ID again once fixed: only these go): sms CHG-3#1: InvalidInputError: field "to" is invalid',
        '  activity sendSms (attempt 1, not retryable)',
        '  InvalidInputError: field "to" is invalid',
      ].join('\n'),
    );
  });

  it('one refused recipient does not hold the others: they go, and the failure names each refused one', async () => {
    const refuse = (to: unknown) => {
      if (to === '+19995550100')
        throw ApplicationFailure.create({ type: 'VendorRejectedError', message: 'twilio 400', nonRetryable: true });
    };
    const texted: unknown[] = [];
    const err = await run(
      { noticeId: 'CHG-5', subject: 's', text: 't', smsTo: ['+19995550100', '+12125550123'], emailTo: ['a@x.example'] },
      {
        sendSms: async (i) => {
          refuse(i.to);
          texted.push(i.to);
          return { outcome: 'sent', providerId: 'SM1', idempotencyKey: 'k' };
        },
      },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect(texted).toEqual(['+12125550123']);
    const why = await resultOrWhy(env.client.workflow.getHandle('ops-notice/CHG-5')).catch((e: Error) => e.message);
    expect(why).toContain(
      'OpsNoticeRefused: 1 of 3 deliveries refused, the rest went out (send the notice ID again once fixed: only these go): sms CHG-5#1: VendorRejectedError: twilio 400',
    );
  });

  it('a channel down past its retries holds no other: Slack is owed (Outcome owed, on the owed gauges) and posted once back', async () => {
    const t0 = await env.currentTimeMs();
    const slackBackAt = t0 + 40 * 60_000;
    const at: Record<string, number> = {};
    const { result } = await run(
      { noticeId: 'CHG-6', subject: 's', text: 't', slack: true, smsTo: ['+12125550123'] },
      {
        postSlackMessage: async () => {
          const now = Context.current().info.currentAttemptScheduledTimestampMs;
          if (now < slackBackAt)
            throw ApplicationFailure.create({ type: 'VendorUnavailableError', message: 'slack 503' });
          at.slack = now;
          return { outcome: 'sent', providerId: 'C1/1.1', idempotencyKey: 'k' };
        },
        sendSms: async () => {
          at.sms = Context.current().info.currentAttemptScheduledTimestampMs;
          return { outcome: 'sent', providerId: 'SM1', idempotencyKey: 'k' };
        },
      },
      async () => {
        await env.sleep(25 * 60_000);
        const described = await env.client.workflow.getHandle('ops-notice/CHG-6').describe();
        expect(described.searchAttributes[SearchAttr.Outcome.name]).toEqual(['owed']);
        expect(await store.owedSummary()).toEqual([expect.objectContaining({ kind: 'ops-notice', subjects: 1 })]);
      },
    );
    expect(result).toEqual({ noticeId: 'CHG-6', sent: 2, alreadySent: 0 });
    expect(at.sms - t0).toBeLessThan(60_000); // not held behind Slack
    expect(at.slack).toBeGreaterThanOrEqual(slackBackAt);
    expect(at.slack - slackBackAt).toBeLessThan(3 * 60_000); // tried every 2 minutes at most
    expect(await store.owedSummary()).toEqual([]);
  });

  it('an owed delivery the vendor then refuses ends the wait: the run fails naming it, the mark cleared', async () => {
    const t0 = await env.currentTimeMs();
    const err = await run(
      { noticeId: 'CHG-7', subject: 's', text: 't', emailTo: ['a@x.example'] },
      {
        sendEmail: async () => {
          // Down for half an hour, then the mail server refuses the address.
          if (Context.current().info.currentAttemptScheduledTimestampMs < t0 + 30 * 60_000)
            throw ApplicationFailure.create({ type: 'VendorUnavailableError', message: 'smtp 421' });
          throw ApplicationFailure.create({ type: 'VendorRejectedError', message: 'smtp 550', nonRetryable: true });
        },
      },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const why = await resultOrWhy(env.client.workflow.getHandle('ops-notice/CHG-7')).catch((e: Error) => e.message);
    expect(why).toContain('1 of 1 deliveries refused');
    expect(why).toContain('email CHG-7#1: VendorRejectedError: smtp 550');
    expect(await store.owedSummary()).toEqual([]);
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
