import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import {
  createNotifierActivities,
  keyDigest,
  metricStep,
  type NotifierActivities,
} from '../../../activities/notifier/activities';
import { contentDigest, type EmailMessage } from '../../../activities/notifier/channels';
import { WebApiSlackPoster } from '../../../activities/notifier/slack-poster';
import { SmtpEmailSender } from '../../../activities/notifier/smtp-email-sender';
import { TwilioSmsSender } from '../../../activities/notifier/twilio-sms-sender';
import { createAppMetrics } from '../../../observability/metrics';
import { SqliteAppStore } from '../../../store/sqlite-app-store';
import { tempDir, testConfig } from '../../helpers/env';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox';

/** MockActivityEnvironment.run with the activity's own result type. */
const runActivity = <I, R>(e: MockActivityEnvironment, fn: (input: I) => Promise<R>, input: I): Promise<R> =>
  e.run(fn, input) as Promise<R>;

type Outbox = {
  emails: Array<Record<string, unknown>>;
  slack: Array<Record<string, unknown>>;
  sms: Array<Record<string, unknown>>;
};

describe('notifier activities against the sandbox (real SMTP, Slack and Twilio SDKs)', () => {
  let sb: TestSandbox;
  let ledger: SqliteAppStore;
  let activities: NotifierActivities;
  let email: SmtpEmailSender;
  const metrics = createAppMetrics();
  let workflowCounter = 0;
  const env = () =>
    new MockActivityEnvironment({
      workflowExecution: { workflowId: `dispatch/lit/DIS${++workflowCounter}`, runId: 'run-1' },
    });
  const outbox = async () => (await sb.call('GET', '/_sandbox/state')).json.outbox as Outbox;
  const failureOf = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      return err as ApplicationFailure;
    }
    throw new Error('expected a failure');
  };

  beforeAll(async () => {
    sb = await startTestSandbox('empty');
    const config = testConfig(sb.env);
    ledger = new SqliteAppStore(join(tempDir('notifier'), 'app.sqlite'));
    email = new SmtpEmailSender(config.notifier.email);
    activities = createNotifierActivities({
      email,
      slack: new WebApiSlackPoster(config.notifier.slack),
      sms: new TwilioSmsSender(config.notifier.sms),
      ledger,
      files: ledger.reports,
      metrics: metrics.notifications,
      defaultSlackChannel: '#noc',
    });
  });
  afterAll(async () => {
    email.close();
    await ledger.close();
    await sb.close();
  });
  beforeEach(async () => {
    await sb.call('POST', '/_sandbox/reset', { scenario: 'empty' });
  });

  it('delivers an email, a Slack message and an SMS, each once per idempotency key', async () => {
    const e = env();
    const sms = { step: 'confirmed-sms', businessId: 'DIS1', to: '+12125550123', body: 'Your technician is confirmed' };
    const first = await runActivity(e, activities.sendSms, sms);
    expect(first).toMatchObject({
      outcome: 'sent',
      idempotencyKey: `dispatch/lit/DIS${workflowCounter}|confirmed-sms|DIS1`,
    });
    expect(first.providerId).toMatch(/^SM[0-9a-f]{32}$/);
    const again = await runActivity(e, activities.sendSms, sms);
    expect(again).toEqual({ ...first, outcome: 'already-sent' });

    const mail = await runActivity(e, activities.sendEmail, {
      step: 'cancel-request',
      businessId: 'DIS1',
      to: 'dispatch@lit.example',
      subject: 'Cancel DIS1',
      text: 'Please cancel.',
    });
    const slack = await runActivity(e, activities.postSlackMessage, {
      step: 'outage-ticket',
      businessId: 'T-1',
      text: 'Ticket created',
    });
    // Slack answers with the channel's ID, not its name.
    expect(slack.providerId).toMatch(/^C[0-9A-F]{10}\/\d{10}\.\d{6}$/);
    const box = await outbox();
    expect(box.sms).toHaveLength(1);
    expect(box.sms[0]).toMatchObject({
      to: '+12125550123',
      from: '+15005550006',
      body: 'Your technician is confirmed',
    });
    expect(box.emails).toHaveLength(1);
    expect(box.emails[0]).toMatchObject({
      to: ['dispatch@lit.example'],
      subject: 'Cancel DIS1',
      messageId: mail.providerId,
    });
    expect(box.slack).toEqual([
      expect.objectContaining({
        channel: '#noc',
        channelId: slack.providerId.split('/')[0],
        text: 'Ticket created',
        metadata: {
          event_type: 'automation_engine_notification',
          event_payload: { key: keyDigest(slack.idempotencyKey) },
        },
      }),
    ]);
    const text = await metrics.registry.getSingleMetricAsString('automation_engine_notifications_total');
    expect(text).toContain('channel="sms",outcome="already-sent",step="confirmed-sms"} 1');
    expect(text).toContain('channel="sms",outcome="sent",step="confirmed-sms"} 1');
    expect(metricStep('sms:tech-changed:3f9a0c')).toBe('sms:tech-changed');
  });

  it('email grows up: several recipients and cc, HTML with its text alternative, a CSV attachment; once per key', async () => {
    const csv = 'edge,serial,last contact\n"acme, hq",VC1,"2026-09-01"\n"say ""hi""\nthere",VC2,2026-09-02\n';
    const report = {
      step: 'monthly-report',
      businessId: '2026-10',
      to: ['billing@example.com', 'noc@example.com'],
      cc: ['manager@example.com'],
      subject: 'Report 2026-10',
      text: 'Total: 3',
      html: '<p>Total: <b>3</b></p>',
      attachments: [{ filename: 'report-2026-10.csv', contentType: 'text/csv', content: csv }],
    };
    const e = env();
    const first = await runActivity(e, activities.sendEmail, report);
    expect(first.outcome).toBe('sent');
    expect((await runActivity(e, activities.sendEmail, report)).outcome).toBe('already-sent');
    const { emails } = await outbox();
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      to: ['billing@example.com', 'noc@example.com', 'manager@example.com'],
      cc: ['manager@example.com'],
      subject: 'Report 2026-10',
      text: 'Total: 3',
      html: '<p>Total: <b>3</b></p>',
      attachments: [{ filename: 'report-2026-10.csv', contentType: 'text/csv', content: csv }],
    });
    const bad = await failureOf(
      runActivity(env(), activities.sendEmail, {
        ...report,
        to: ['ok@example.com', 'not-an-address'],
        cc: ['also bad'],
        attachments: [{ filename: '../x.csv', contentType: 'csv', content: '' }],
      }),
    );
    expect(bad.nonRetryable).toBe(true);
    expect(bad.message).toMatch(
      /field "to\[1\]" is invalid: .*; field "cc\[0\]" is invalid: .*; field "attachments\[0\].filename" must be a file name; field "attachments\[0\].contentType" must be a MIME type/,
    );
  });

  it('a stored attachment is read from the report file when sent (gzipped above 10 MiB), never for an email sent already', async () => {
    const small = 'id,type\r\n1,billing.scheduled\r\n';
    await ledger.reports.writeReportPart('r/small', 0, small);
    // 11 MiB of CSV rows: over the limit raw, far under it gzipped.
    const row = 'acme-logistics-2026-10-0000001,2026-10-01T05:33:00.000Z,billing.scheduled,conv-weqwh\r\n';
    await ledger.reports.writeReportPart('r/large', 0, row.repeat(Math.ceil((11 * 1024 * 1024) / row.length)));
    const report = (storedFile: string) => ({
      step: 'report',
      businessId: storedFile,
      to: 'billing@example.com',
      subject: `Report ${storedFile}`,
      text: 'see attached',
      attachments: [{ filename: 'billing.csv', contentType: 'text/csv', storedFile }],
    });
    const e = env();
    expect((await runActivity(e, activities.sendEmail, report('r/small'))).outcome).toBe('sent');
    expect((await runActivity(e, activities.sendEmail, report('r/large'))).outcome).toBe('sent');
    const { emails } = await outbox();
    expect(emails.map((m) => m.attachments)).toEqual([
      [{ filename: 'billing.csv', contentType: 'text/csv', size: small.length, content: small }],
      [{ filename: 'billing.csv.gz', contentType: 'application/gzip', size: expect.any(Number) }],
    ]);
    expect((emails[1].attachments as Array<{ size: number }>)[0].size).toBeLessThan(1024 * 1024);
    // Sent already: the file is not needed (the report deletes it after the send).
    await ledger.reports.deleteReportFile('r/small');
    expect((await runActivity(e, activities.sendEmail, report('r/small'))).outcome).toBe('already-sent');
    const gone = await failureOf(runActivity(env(), activities.sendEmail, report('r/small')));
    expect(gone.nonRetryable).toBe(true);
    expect(gone.message).toBe('sendEmail: stored attachment "r/small" does not exist (the report file is gone)');
    expect((await outbox()).emails).toHaveLength(2);
  });

  it('a stored file too large for one gzipped attachment goes as volumes, each under the limit and starting with the header', async () => {
    const header = 'id,noise\r\n';
    // Random text barely compresses: 14 MiB raw is more than one 10 MiB gzipped attachment.
    const parts = [
      header,
      ...Array.from({ length: 14 }, (_, i) => `${i},${randomBytes(786_432).toString('base64')}\r\n`),
    ];
    for (const [seq, part] of parts.entries()) await ledger.reports.writeReportPart('r/noise', seq, part);
    const sent: EmailMessage[] = [];
    const recording = createNotifierActivities({
      email: { send: async (m) => (sent.push(m), { providerId: 'm1' }) },
      slack: { post: async () => ({ providerId: 's' }) },
      sms: { send: async () => ({ providerId: 'x' }) },
      ledger,
      files: ledger.reports,
      defaultSlackChannel: '#noc',
    });
    await runActivity(env(), recording.sendEmail, {
      step: 'report',
      businessId: 'noise',
      to: 'billing@example.com',
      subject: 'Noise',
      text: 'attached',
      attachments: [{ filename: 'noise.csv', contentType: 'text/csv', storedFile: 'r/noise' }],
    });
    const volumes = sent[0].attachments!;
    expect(volumes.map((v) => [v.filename, v.contentType])).toEqual([
      ['noise.1-of-2.csv.gz', 'application/gzip'],
      ['noise.2-of-2.csv.gz', 'application/gzip'],
    ]);
    const texts = volumes.map((v) => gunzipSync(v.content as Buffer).toString());
    for (const v of volumes) expect((v.content as Buffer).length).toBeLessThan(10 * 1024 * 1024);
    expect(texts.every((t) => t.startsWith(header))).toBe(true);
    expect(texts[0] + texts[1].slice(header.length)).toBe(parts.join(''));
  });

  it('a message keyed across runs goes once whichever run sends it; keyed by run, each run sends its own', async () => {
    const summary = { step: 'sites-summary', businessId: 'sites-summary-2026-12-03T13:00:00.000Z', text: 'one hour' };
    const first = await runActivity(env(), activities.postSlackMessage, { ...summary, acrossRuns: true });
    const second = await runActivity(env(), activities.postSlackMessage, { ...summary, acrossRuns: true });
    expect(first).toMatchObject({ outcome: 'sent', idempotencyKey: `(any run)|sites-summary|${summary.businessId}` });
    expect(second).toMatchObject({ outcome: 'already-sent', idempotencyKey: first.idempotencyKey });
    await runActivity(env(), activities.postSlackMessage, summary);
    expect((await outbox()).slack).toHaveLength(2);
  });

  it('sends a notification whose earlier attempt recorded intent but died before the send', async () => {
    const e = env();
    await ledger.begin(`dispatch/lit/DIS${workflowCounter}|reminder-2h|DIS2`, 'sms');
    const result = await runActivity(e, activities.sendSms, {
      step: 'reminder-2h',
      businessId: 'DIS2',
      to: '+12125550123',
      body: 'Tech arrives in 2 hours',
    });
    expect(result.outcome).toBe('sent');
    expect((await outbox()).sms).toHaveLength(1);
  });

  it('an SMS Twilio accepted before the worker died (intent recorded, outcome not) is found in Twilio, recorded, not resent (issue 11 item 3)', async () => {
    const e = env();
    const key = `dispatch/lit/DIS${workflowCounter}|sms:confirmed|DIS3`;
    await ledger.begin(key, 'sms');
    // The crashed attempt's send reached Twilio; its answer never made it to the ledger.
    const crashed = await new TwilioSmsSender(testConfig(sb.env).notifier.sms).send({
      to: '+12125550123',
      body: 'MetTel: your visit is confirmed',
    });
    // An unrelated message to the same number does not count.
    await new TwilioSmsSender(testConfig(sb.env).notifier.sms).send({ to: '+12125550123', body: 'something else' });
    const retry = await runActivity(e, activities.sendSms, {
      step: 'sms:confirmed',
      businessId: 'DIS3',
      to: '+12125550123',
      body: 'MetTel: your visit is confirmed',
    });
    expect(retry).toMatchObject({ outcome: 'already-sent', providerId: crashed.providerId });
    expect((await outbox()).sms).toHaveLength(2);
    expect(await ledger.get(key)).toMatchObject({ status: 'sent', providerId: crashed.providerId });
  });

  it('an owed SMS composed again (its time left changed) is found in Twilio under the text its last attempt sent, not resent; a fresh text is recorded before it goes', async () => {
    const e = env();
    const key = `dispatch/lit/DIS${workflowCounter}|sms:reminder-2h|DIS4`;
    const twilio = new TwilioSmsSender(testConfig(sb.env).notifier.sms);
    const before = 'MetTel reminder: your technician will be on site in about 2 hours';
    const now = 'MetTel reminder: your technician will be on site in about 50 minutes';
    // An attempt recorded its intent with its text, reached Twilio, and died before the outcome.
    await ledger.begin(key, 'sms', contentDigest(before));
    const crashed = await twilio.send({ to: '+12125550123', body: before });
    const retry = await runActivity(e, activities.sendSms, {
      step: 'sms:reminder-2h',
      businessId: 'DIS4',
      to: '+12125550123',
      body: now,
    });
    expect(retry).toMatchObject({ outcome: 'already-sent', providerId: crashed.providerId });
    expect((await outbox()).sms).toHaveLength(1);

    // Not found: the new text's digest is recorded before it is sent, so the attempt after that asks about it.
    const e2 = env();
    const key2 = `dispatch/lit/DIS${workflowCounter}|sms:reminder-2h|DIS5`;
    await ledger.begin(key2, 'sms', contentDigest(before));
    const sent = await runActivity(e2, activities.sendSms, {
      step: 'sms:reminder-2h',
      businessId: 'DIS5',
      to: '+12125550124', // another site: the first message is not this one's
      body: now,
    });
    expect(sent.outcome).toBe('sent');
    expect((await outbox()).sms.map((m) => [m.to, m.body])).toEqual([
      ['+12125550123', before],
      ['+12125550124', now],
    ]);
    expect(await ledger.get(key2)).toMatchObject({ status: 'sent', providerId: sent.providerId });
  });

  it('a Slack post accepted before the worker died is found in the channel history by its metadata, not reposted (issue 11 item 3)', async () => {
    const e = env();
    const key = `dispatch/lit/DIS${workflowCounter}|outage-ticket|T-9`;
    await ledger.begin(key, 'slack');
    const poster = new WebApiSlackPoster(testConfig(sb.env).notifier.slack);
    // The same text posted for another notification (another key) is not ours.
    await poster.post({ channel: '#noc', text: 'Ticket T-9 created', marker: keyDigest('another|key|T-9') });
    const crashed = await poster.post({ channel: '#noc', text: 'Ticket T-9 created', marker: keyDigest(key) });
    const retry = await runActivity(e, activities.postSlackMessage, {
      step: 'outage-ticket',
      businessId: 'T-9',
      text: 'Ticket T-9 created',
    });
    expect(retry).toMatchObject({ outcome: 'already-sent', providerId: crashed.providerId });
    expect((await outbox()).slack).toHaveLength(2);
    expect(await ledger.get(key)).toMatchObject({ status: 'sent', providerId: crashed.providerId });

    // Begun but never accepted: nothing in the history, so the retry posts (once).
    const lostKey = `dispatch/lit/DIS${workflowCounter}|outage-ticket|T-10`;
    await ledger.begin(lostKey, 'slack');
    const posted = await runActivity(e, activities.postSlackMessage, {
      step: 'outage-ticket',
      businessId: 'T-10',
      text: 'Ticket T-10 created',
      channel: crashed.providerId.split('/')[0], // by ID this time: no channel lookup
    });
    expect(posted.outcome).toBe('sent');
    expect((await outbox()).slack).toHaveLength(3);
  });

  it('rejects an invalid phone, email or empty body non-retryably, naming the field, without sending', async () => {
    const e = env();
    const badPhone = await failureOf(
      runActivity(e, activities.sendSms, { step: 's', businessId: 'b', to: '212-555-0123', body: 'x' }),
    );
    expect(badPhone).toMatchObject({ type: 'InvalidInputError', nonRetryable: true });
    expect(badPhone.message).toMatch(/field "to" is invalid: expected an E.164 phone number/);
    const badEmail = await failureOf(
      runActivity(e, activities.sendEmail, {
        step: 's',
        businessId: 'b',
        to: 'not-an-address',
        subject: 'x',
        text: 'y',
      }),
    );
    expect(badEmail).toMatchObject({ type: 'InvalidInputError', nonRetryable: true });
    expect(badEmail.message).toMatch(/sendEmail: field "to" is invalid/);
    expect(
      (await failureOf(runActivity(e, activities.postSlackMessage, { step: 's', businessId: 'b', text: '' }))).message,
    ).toMatch(/field "text" is empty/);
    expect(
      (
        await failureOf(
          runActivity(e, activities.sendSms, { step: '', businessId: 'b', to: '+12125550123', body: 'x' }),
        )
      ).message,
    ).toMatch(/step and businessId are required/);
    expect(await outbox()).toEqual({ emails: [], slack: [], sms: [] });
  });

  it('classifies vendor failures: 5xx retryable, 429 with Retry-After, 4xx permanent', async () => {
    const e = env();
    await sb.call('POST', '/_sandbox/faults', { vendor: 'twilio', errorRate: 1, statusCode: 503 });
    const unavailable = await failureOf(
      runActivity(e, activities.sendSms, { step: 's', businessId: 'b1', to: '+12125550123', body: 'x' }),
    );
    expect(unavailable).toMatchObject({ type: 'VendorUnavailableError', nonRetryable: false });
    await sb.call('POST', '/_sandbox/faults', { vendor: 'slack', errorRate: 1, statusCode: 429, retryAfterSeconds: 9 });
    const limited = await failureOf(
      runActivity(e, activities.postSlackMessage, { step: 's', businessId: 'b2', text: 'x' }),
    );
    expect(limited).toMatchObject({ type: 'VendorRateLimitedError', nonRetryable: false, nextRetryDelay: '9s' });
    await sb.call('POST', '/_sandbox/faults', { vendor: 'smtp', errorRate: 1, statusCode: 550 });
    const rejected = await failureOf(
      runActivity(e, activities.sendEmail, { step: 's', businessId: 'b3', to: 'a@b.example', subject: 'x', text: 'y' }),
    );
    expect(rejected).toMatchObject({ type: 'VendorRejectedError', nonRetryable: true });
    await sb.call('POST', '/_sandbox/faults', { vendor: 'smtp', errorRate: 1, statusCode: 503 });
    expect(
      await failureOf(
        runActivity(e, activities.sendEmail, {
          step: 's',
          businessId: 'b4',
          to: 'a@b.example',
          subject: 'x',
          text: 'y',
        }),
      ),
    ).toMatchObject({ type: 'VendorUnavailableError', nonRetryable: false });
    await sb.call('DELETE', '/_sandbox/faults');
    // The failed attempts recorded intent only; a retry now delivers exactly once.
    await runActivity(e, activities.sendSms, { step: 's', businessId: 'b1', to: '+12125550123', body: 'x' });
    expect((await outbox()).sms).toHaveLength(1);
  });

  it('maps Slack platform errors and an unreachable vendor', async () => {
    const sandboxConfig = testConfig(sb.env);
    const badToken = new WebApiSlackPoster({ ...sandboxConfig.notifier.slack, token: 'bogus' });
    await expect(badToken.post({ channel: '#x', text: 'y', marker: 'm' })).rejects.toMatchObject({
      type: 'VendorRejectedError',
      nonRetryable: true,
    });
    const down = new TwilioSmsSender({ ...sandboxConfig.notifier.sms, apiUrl: 'http://127.0.0.1:1' });
    await expect(down.send({ to: '+12125550123', body: 'x' })).rejects.toMatchObject({
      type: 'VendorUnavailableError',
      nonRetryable: false,
    });
  });
});
