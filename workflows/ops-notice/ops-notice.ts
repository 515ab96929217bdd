import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { NotificationResult } from '../../activities/notifier/activities';
import {
  planNoticeDeliveries,
  type NoticeDelivery,
  type OpsNoticeInput,
  type OpsNoticeResult,
} from '../../domain/ops-notice';
import { SearchAttr } from '../../domain/search-attributes';
import { patientNotifier as notifier } from '../activities';
import { autoUpgrade } from '../versioning';

function deliver(d: NoticeDelivery, input: OpsNoticeInput, index: number, total: number): Promise<NotificationResult> {
  const summary = `${d.channel.toUpperCase()} ${index + 1}/${total} for notice ${input.noticeId}`;
  switch (d.channel) {
    case 'email':
      return notifier
        .summarized(summary)
        .sendEmail({ step: d.step, businessId: d.businessId, to: d.to, subject: input.subject, text: input.text });
    case 'slack':
      return notifier.summarized(summary).postSlackMessage({
        step: d.step,
        businessId: d.businessId,
        channel: d.slackChannel,
        text: `*${input.subject}*\n${input.text}`,
      });
    case 'sms':
      return notifier
        .summarized(summary)
        .sendSms({ step: d.step, businessId: d.businessId, to: d.to, body: `${input.subject}: ${input.text}` });
  }
}

/** Sends one ops notice by email, Slack and SMS; every delivery at most once, even across resets. */
export async function opsNotice(input: OpsNoticeInput): Promise<OpsNoticeResult> {
  const deliveries = planNoticeDeliveries(input);
  let sent = 0;
  let alreadySent = 0;
  for (const [i, d] of deliveries.entries()) {
    setCurrentDetails(`Delivering ${i + 1} of ${deliveries.length} (${d.channel})`);
    const result = await deliver(d, input, i, deliveries.length);
    if (result.outcome === 'sent') sent++;
    else alreadySent++;
  }
  setCurrentDetails(`Done: ${sent} sent, ${alreadySent} already sent earlier`);
  upsertSearchAttributes([{ key: SearchAttr.Outcome, value: 'delivered' }]);
  return { noticeId: input.noticeId, sent, alreadySent };
}
autoUpgrade(opsNotice);
