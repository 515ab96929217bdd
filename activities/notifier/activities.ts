import { createHash } from 'node:crypto';
import { Context, log } from '@temporalio/activity';
import { emailProblem, phoneProblem } from '../../domain/contact';
import { notificationKey } from '../../domain/idempotency';
import type { Channel, NotificationLedger } from '../../store/ledger';
import type { ReportFileStore } from '../../store/report-files';
import { attachmentLoader, MAX_ATTACHMENT_BYTES, type StoredAttachment } from './attachments';
import type { NotificationMetrics } from '../../observability/metrics';
import { invalidInput } from '../vendor-errors';
import { contentDigest, type EmailAttachment, type EmailSender, type SlackPoster, type SmsSender } from './channels';

/**
 * What a channel carries to recognise a send (email Message-ID, Slack message metadata): a digest of
 * the idempotency key, which holds workflow IDs that are not the recipient's business.
 */
export const keyDigest = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 32);

/**
 * A step as a metric label: its kind, without what makes it unique (`sms:tech-changed:<token>` counts
 * as `sms:tech-changed`), so the label's values stay few.
 */
export const metricStep = (step: string): string => step.split(':').slice(0, 2).join(':');

/** Identifies one notification within its workflow: the business step and the entity it concerns. */
export interface NotificationRef {
  /** e.g. "confirmed-sms", "reminder-12h", "outage-ticket-created". */
  step: string;
  /** e.g. the dispatch number or ticket ID. */
  businessId: string;
  /**
   * Key the message by step and business ID alone, whichever workflow sends it: for a message several runs may
   * find owed (a sites interval's summary, a ticket's escalation round), where the business ID names it in full.
   */
  acrossRuns?: boolean;
}

export interface SendEmailInput extends NotificationRef {
  /** One address or several. */
  to: string | string[];
  cc?: string[];
  subject: string;
  text: string;
  /** An HTML body; `text` is then its plain-text alternative. */
  html?: string;
  /** Files sent with it (a report's CSV): inline ones at most 10 MiB, stored ones any size (gzipped above it). */
  attachments?: Array<(EmailAttachment & { content: string }) | StoredAttachment>;
}

/** What is wrong with an email's recipients or attachments, every problem named; empty when none. */
function emailInputProblems(input: SendEmailInput): string[] {
  const to = Array.isArray(input.to) ? input.to : [input.to];
  const problems: string[] = [];
  if (to.length === 0) problems.push('field "to" is empty');
  for (const [field, list] of [
    ['to', to],
    ['cc', input.cc ?? []],
  ] as const)
    list.forEach((address, i) => {
      const problem = emailProblem(address);
      if (problem)
        problems.push(
          `field "${field}${Array.isArray(input.to) || field === 'cc' ? `[${i}]` : ''}" is invalid: ${problem}`,
        );
    });
  (input.attachments ?? []).forEach((a, i) => {
    if (!a.filename || /[/\\]/.test(a.filename))
      problems.push(`field "attachments[${i}].filename" must be a file name`);
    if (!/^[\w.+-]+\/[\w.+-]+/.test(a.contentType))
      problems.push(`field "attachments[${i}].contentType" must be a MIME type`);
    if ('content' in a && Buffer.byteLength(a.content) > MAX_ATTACHMENT_BYTES)
      problems.push(`field "attachments[${i}]" is larger than ${MAX_ATTACHMENT_BYTES} bytes`);
  });
  return problems;
}
export interface PostSlackInput extends NotificationRef {
  channel?: string;
  text: string;
}
export interface SendSmsInput extends NotificationRef {
  to: string;
  body: string;
  /** The step this notification was keyed by before (it held PII): a send recorded under it counts as sent. */
  formerStep?: string;
}

export interface NotificationResult {
  /** "sent" now, or "already-sent" by an earlier attempt or run (nothing was sent this time). */
  outcome: 'sent' | 'already-sent';
  providerId: string;
  idempotencyKey: string;
}

export interface NotifierDeps {
  email: EmailSender;
  slack: SlackPoster;
  sms: SmsSender;
  ledger: NotificationLedger;
  /** Where stored attachments are read from. */
  files?: ReportFileStore;
  metrics?: NotificationMetrics;
  defaultSlackChannel: string;
}

/** Activities of the `notifier` queue: email, Slack and SMS, each delivered at most once per idempotency key. */
/** What stands for the workflow ID in the key of a message keyed across runs (no workflow ID looks like it). */
const ACROSS_RUNS = '(any run)';

export function createNotifierActivities(deps: NotifierDeps) {
  const loadAttachment = attachmentLoader(deps.files);

  async function deliverOnce(
    channel: Channel,
    ref: NotificationRef,
    send: (key: string) => Promise<{ providerId: string }>,
    /**
     * `findSent`: asks the channel about a send begun earlier, also under the content an earlier attempt recorded
     * (`formerDigest`, when it differs); `formerStep`: the step an earlier run keyed it by; `content`: what is sent
     * (its digest is recorded with the intent).
     */
    {
      findSent,
      formerStep,
      content,
    }: {
      findSent?: (since: Date, key: string, formerDigest?: string) => Promise<{ providerId: string } | undefined>;
      formerStep?: string;
      content?: string;
    } = {},
  ): Promise<NotificationResult> {
    if (!ref.step || !ref.businessId)
      throw invalidInput(`${channel}: step and businessId are required for the idempotency key`);
    const workflowId = Context.current().info.workflowExecution?.workflowId;
    if (!workflowId)
      throw invalidInput(
        `${channel}: must run as a workflow's activity (its workflow ID is part of the idempotency key)`,
      );
    const idempotencyKey = notificationKey(ref.acrossRuns ? ACROSS_RUNS : workflowId, ref.step, ref.businessId);
    if (formerStep) {
      const former = await deps.ledger.get(notificationKey(workflowId, formerStep, ref.businessId));
      if (former?.status === 'sent') {
        log.info('notification already sent under its former key; not sending again', {
          channel,
          businessId: ref.businessId,
        });
        deps.metrics?.observe(channel, 'already-sent', metricStep(ref.step));
        return { outcome: 'already-sent', providerId: former.providerId ?? '', idempotencyKey };
      }
    }
    const digest = content === undefined ? undefined : contentDigest(content);
    const before = await deps.ledger.begin(idempotencyKey, channel, digest);
    if (before.state === 'sent') {
      log.info('notification already sent; not sending again', { channel, businessId: ref.businessId });
      deps.metrics?.observe(channel, 'already-sent', metricStep(ref.step));
      return { outcome: 'already-sent', providerId: before.providerId, idempotencyKey };
    }
    if (before.state === 'pending') {
      // An earlier attempt recorded its intent and died before recording the outcome: it may have died
      // after the provider accepted the message. Where the channel can be asked, ask before resending.
      const formerDigest = before.contentDigest !== digest ? before.contentDigest : undefined;
      const found = findSent ? await findSent(new Date(before.since), idempotencyKey, formerDigest) : undefined;
      if (found) {
        await deps.ledger.markSent(idempotencyKey, found.providerId);
        log.info('an earlier attempt had delivered this notification; recorded it, not sending again', {
          channel,
          businessId: ref.businessId,
        });
        deps.metrics?.observe(channel, 'already-sent', metricStep(ref.step));
        return { outcome: 'already-sent', providerId: found.providerId, idempotencyKey };
      }
      log.warn('retrying a notification whose earlier attempt did not record an outcome', {
        channel,
        businessId: ref.businessId,
        attempts: before.attempts,
      });
      // This attempt may send other content than the last one recorded: a later attempt must ask about this one.
      if (digest !== undefined && digest !== before.contentDigest) await deps.ledger.intend(idempotencyKey, digest);
    }
    let providerId: string;
    try {
      ({ providerId } = await send(idempotencyKey));
    } catch (err) {
      deps.metrics?.observe(channel, 'failed', metricStep(ref.step));
      throw err;
    }
    await deps.ledger.markSent(idempotencyKey, providerId);
    deps.metrics?.observe(channel, 'sent', metricStep(ref.step));
    return { outcome: 'sent', providerId, idempotencyKey };
  }

  return {
    /** Sends one email over SMTP. */
    async sendEmail(input: SendEmailInput): Promise<NotificationResult> {
      const problems = emailInputProblems(input);
      if (!input.subject) problems.push('field "subject" is empty');
      if (problems.length > 0) throw invalidInput(`sendEmail: ${problems.join('; ')}`);
      return deliverOnce('email', input, async (key) =>
        deps.email.send({
          to: Array.isArray(input.to) ? input.to : [input.to],
          ...(input.cc?.length ? { cc: input.cc } : {}),
          subject: input.subject,
          text: input.text,
          ...(input.html ? { html: input.html } : {}),
          ...(input.attachments?.length
            ? { attachments: (await Promise.all(input.attachments.map(loadAttachment))).flat() }
            : {}),
          messageId: `<${keyDigest(key)}@automation-engine>`,
        }),
      );
    },

    /** Posts one Slack message (to the default NOC channel unless one is given). */
    async postSlackMessage(input: PostSlackInput): Promise<NotificationResult> {
      if (!input.text) throw invalidInput('postSlackMessage: field "text" is empty');
      const message = (key: string) => ({
        channel: input.channel ?? deps.defaultSlackChannel,
        text: input.text,
        marker: keyDigest(key),
      });
      return deliverOnce('slack', input, (key) => deps.slack.post(message(key)), {
        findSent: deps.slack.findSent && ((since, key) => deps.slack.findSent!(message(key), since)),
      });
    },

    /** Sends one SMS. The recipient must be E.164. */
    async sendSms(input: SendSmsInput): Promise<NotificationResult> {
      const problem = phoneProblem(input.to);
      if (problem) throw invalidInput(`sendSms: field "to" is invalid: ${problem}`);
      if (!input.body) throw invalidInput('sendSms: field "body" is empty');
      if (input.body.length > 1600)
        throw invalidInput(`sendSms: field "body" is ${input.body.length} characters; at most 1600`);
      const message = { to: input.to, body: input.body };
      return deliverOnce('sms', input, () => deps.sms.send(message), {
        findSent:
          deps.sms.findSent && ((since, _key, formerDigest) => deps.sms.findSent!(message, since, formerDigest)),
        formerStep: input.formerStep,
        // An owed SMS is composed again when it goes (a reminder names the time left then): the ledger keeps a digest
        // of the text each attempt sent, so a retry asks Twilio about that text too.
        content: input.body,
      });
    },
  };
}
export type NotifierActivities = ReturnType<typeof createNotifierActivities>;
